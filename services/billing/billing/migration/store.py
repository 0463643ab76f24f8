"""Reads and set-based writes for the legacy migration. Never commits."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from billing.ledger import source_keys
from billing.ledger.tables import account_table, posting_table
from billing.migration.rules import Existing
from billing.migration.tables import (
    legacy_ref_table,
    migration_balance_table,
    migration_batch_table,
    migration_history_table,
)
from billing.tenancies.tables import property_table, tenancy_table
from shared.refs import make_account_ref

# One migration at a time: each checks what exists, then writes it.
MIGRATION_LOCK = text("SELECT pg_advisory_xact_lock(hashtext('billing:migration'))")

NEXT_NUMBERS = text("SELECT nextval('account_number_seq') FROM generate_series(1, :n)")

SKIP_PAST = text("SELECT setval('account_number_seq', GREATEST(:n, (SELECT last_value FROM account_number_seq)))")


async def lock(session: AsyncSession) -> None:
    await session.execute(MIGRATION_LOCK)


async def existing(session: AsyncSession, refs: dict[str, list[str]]) -> Existing:
    """Which of the extract's property, tenancy and legacy references are already here."""
    async def found(column: Any, values: list[str]) -> set[str]:
        if not values:
            return set()
        return set((await session.execute(select(column).where(column == func.any(values)))).scalars())

    return Existing(
        property_refs=await found(property_table.c.property_ref, refs["properties"]),
        tenancy_refs=await found(tenancy_table.c.tenancy_ref, refs["tenancies"]),
        legacy_refs=await found(legacy_ref_table.c.legacy_ref, refs["legacy"]),
        account_refs=await found(account_table.c.account_ref, refs["legacy"]),
    )


async def batch(session: AsyncSession, extract_id: str) -> dict[str, Any] | None:
    row = (await session.execute(
        select(migration_batch_table).where(migration_batch_table.c.extract_id == extract_id)
    )).mappings().first()
    return dict(row) if row else None


async def batches(session: AsyncSession, limit: int) -> list[dict[str, Any]]:
    rows = await session.execute(
        select(migration_batch_table).order_by(migration_batch_table.c.loaded_at.desc()).limit(limit))
    return [dict(r) for r in rows.mappings()]


async def history(session: AsyncSession, account_ref: str, limit: int) -> list[dict[str, Any]]:
    h = migration_history_table.c
    rows = await session.execute(
        select(h.extract_id, h.line_no, h.legacy_transaction_id, h.transaction_date, h.transaction_type, h.amount,
               h.description).where(h.account_ref == account_ref).order_by(h.transaction_date, h.line_no).limit(limit))
    return [dict(r) for r in rows.mappings()]


async def reserve_numbers_up_to(session: AsyncSession, numbers: list[int]) -> None:
    """Move the account number sequence past ``numbers``, so it never issues them."""
    if numbers:
        await session.execute(SKIP_PAST, {"n": max(numbers)})


async def new_account_refs(session: AsyncSession, n: int) -> list[str]:
    if not n:
        return []
    return [make_account_ref(v) for v in (await session.execute(NEXT_NUMBERS, {"n": n})).scalars()]


async def insert_rows(session: AsyncSession, table: Any, rows: list[dict[str, Any]]) -> None:
    """COPY the rows (all with the same keys) into ``table`` on the session's connection."""
    if not rows:
        return
    columns = list(rows[0])
    as_json = {c for c in columns if isinstance(table.c[c].type, JSONB)}
    records = [tuple(json.dumps(r[c]) if c in as_json else r[c] for c in columns) for r in rows]
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    await raw.driver_connection.copy_records_to_table(table.name, records=records, columns=columns)


async def reconciliation(session: AsyncSession, extract_id: str, control_total: Any) -> dict[str, Any]:
    """The migrated balances on the ledger against the legacy balances, per account and in
    total, and the total against the extract's control total."""
    posted = (
        select(posting_table.c.account_ref, func.sum(posting_table.c.amount).label("posted"))
        .where(posting_table.c.posting_type == "migrated_balance",
               posting_table.c.source_key.like(f"{source_keys.migration(extract_id)}:%"))
        .group_by(posting_table.c.account_ref).subquery()
    )
    b = migration_balance_table.c
    rows = (await session.execute(
        select(b.legacy_ref, b.account_ref, b.legacy_balance, func.coalesce(posted.c.posted, 0).label("posted"))
        .select_from(migration_balance_table.outerjoin(posted, posted.c.account_ref == b.account_ref))
        .where(b.extract_id == extract_id).order_by(b.legacy_ref)
    )).all()
    differences = [
        {"legacy_ref": r.legacy_ref, "account_ref": r.account_ref, "legacy_balance": str(r.legacy_balance),
         "migrated": str(r.posted)}
        for r in rows if r.posted != r.legacy_balance
    ]
    migrated = sum((r.posted for r in rows), start=Decimal("0.00"))
    legacy = sum((r.legacy_balance for r in rows), start=Decimal("0.00"))
    return {
        "accounts": len(rows), "accounts_agreeing": len(rows) - len(differences),
        "legacy_total": str(legacy), "migrated_total": str(migrated), "control_total": str(control_total),
        "reconciled": not differences and migrated == legacy == control_total,
        "differences": differences[:100],
    }
