"""Balance projections other services keep from billing's postings.

A posting carries the account's sequence number and the balance after it, so a
projection just keeps the latest: a posting older than what is already held
(competing consumers deliver out of order) changes nothing.
"""

from __future__ import annotations

from sqlalchemy import Table, text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.contracts.billing import Posting


async def apply_postings(session: AsyncSession, table: Table, postings: list[Posting]) -> None:
    """Upsert ``balance``/``last_seq`` of ``table`` (keyed by ``account_ref``) in one
    statement over arrays: a bulk event's few hundred postings cost one round trip and no
    per-row statement building."""
    if not postings:
        return
    latest: dict[str, Posting] = {}
    for posting in postings:
        held = latest.get(posting.account_ref)
        if held is None or posting.account_seq > held.account_seq:
            latest[posting.account_ref] = posting
    ordered = sorted(latest.values(), key=lambda p: p.account_ref)  # one lock order: no deadlocks
    name = table.name  # a Table object of our own metadata, never input
    await session.execute(
        text(
            f"INSERT INTO {name} (account_ref, balance, last_seq) "
            "SELECT * FROM unnest(CAST(:refs AS text[]), CAST(:balances AS numeric[]), CAST(:seqs AS bigint[])) "
            "ON CONFLICT (account_ref) DO UPDATE SET balance = EXCLUDED.balance, last_seq = EXCLUDED.last_seq "
            f"WHERE {name}.last_seq < EXCLUDED.last_seq"
        ),
        {
            "refs": [p.account_ref for p in ordered],
            "balances": [p.balance_after.amount for p in ordered],
            "seqs": [p.account_seq for p in ordered],
        },
    )
