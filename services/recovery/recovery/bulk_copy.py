"""COPY rows into a table inside the session's transaction: the daily run writes tens of
thousands of rows at once."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession


async def copy_rows(session: AsyncSession, table: str, rows: list[dict[str, Any]]) -> None:
    """COPY rows (dicts with the same keys) into `table`, inside the session's transaction."""
    columns = list(rows[0])
    await copy_records(session, table, [tuple(r[c] for c in columns) for r in rows], columns)


async def copy_records(session: AsyncSession, table: str, records: list[tuple[Any, ...]], columns: list[str]) -> None:
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    await raw.driver_connection.copy_records_to_table(table, records=records, columns=columns)  # type: ignore[union-attr]
