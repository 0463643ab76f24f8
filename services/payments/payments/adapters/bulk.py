"""Set-based writes for income files, on the session's own asyncpg connection (same
transaction): a chunk of payments is COPied into a temporary staging table and inserted
in one statement that skips payments already received."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg
from sqlalchemy.ext.asyncio import AsyncSession

PAYMENT_COLUMNS = ("payment_id", "source_system", "external_id", "account_ref", "reference_given", "amount",
                   "method", "channel", "received_on", "source", "status", "file_id", "line_no")
_COLUMNS = ", ".join(PAYMENT_COLUMNS)


async def driver(session: AsyncSession) -> asyncpg.Connection:
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    return raw.driver_connection  # type: ignore[return-value]


async def insert_payments(session: AsyncSession, rows: Sequence[tuple[Any, ...]]) -> set[uuid.UUID]:
    """Insert rows (in PAYMENT_COLUMNS order); returns the ids inserted, i.e. all but the
    (source system, external id) pairs received before."""
    conn = await driver(session)
    await conn.execute("CREATE TEMP TABLE IF NOT EXISTS payment_stage "
                       "(LIKE payment INCLUDING DEFAULTS) ON COMMIT DELETE ROWS")
    await conn.copy_records_to_table("payment_stage", records=rows, columns=PAYMENT_COLUMNS)
    inserted = await conn.fetch(
        f"INSERT INTO payment ({_COLUMNS}) SELECT {_COLUMNS} FROM payment_stage "
        "ON CONFLICT ON CONSTRAINT uq_payment_external DO NOTHING RETURNING payment_id")
    await conn.execute("TRUNCATE payment_stage")
    return {row["payment_id"] for row in inserted}


async def account_status(session: AsyncSession, refs: list[str]) -> dict[str, str]:
    conn = await driver(session)
    rows = await conn.fetch("SELECT account_ref, status FROM known_account WHERE account_ref = ANY($1::text[])", refs)
    return {row["account_ref"]: row["status"] for row in rows}
