"""Balance projections other services keep from billing's postings.

A posting carries the account's sequence number and the balance after it, so a
projection just keeps the latest: a posting older than what is already held
(competing consumers deliver out of order) changes nothing.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.contracts.billing import Posting


async def apply_postings(
    session: AsyncSession, table: Table, postings: list[Posting], **extra: Any
) -> None:
    """Upsert ``balance``/``last_seq`` of ``table`` (keyed by ``account_ref``)."""
    if not postings:
        return
    latest: dict[str, Posting] = {}
    for posting in postings:
        held = latest.get(posting.account_ref)
        if held is None or posting.account_seq > held.account_seq:
            latest[posting.account_ref] = posting
    stmt = insert(table)
    stmt = stmt.on_conflict_do_update(
        index_elements=[table.c.account_ref],
        set_={"balance": stmt.excluded.balance, "last_seq": stmt.excluded.last_seq,
              **{k: stmt.excluded[k] for k in extra}},
        where=table.c.last_seq < stmt.excluded.last_seq,
    )
    await session.execute(
        stmt,
        [
            {"account_ref": p.account_ref, "balance": p.balance_after.amount, "last_seq": p.account_seq, **extra}
            for p in sorted(latest.values(), key=lambda p: p.account_ref)
        ],
    )
