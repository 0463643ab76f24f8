"""Appending postings in bulk: one locked read of the accounts, one COPY of the postings,
one set-based update of the balances. Postings whose source key is already on the
ledger are skipped, so replaying a cause posts nothing twice."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from billing.domain.exceptions import NotFound
from billing.domain.ledger import NewPosting, Position, not_yet_posted, sequence
from billing.domain.model import Posting

COLUMNS = (
    "posting_id", "account_ref", "account_seq", "posting_type", "amount", "balance_after", "effective_date",
    "rent_year", "rent_week", "charge_type", "source_key", "source", "reason", "posted_by",
)

# Sorted FOR UPDATE: concurrent writers lock accounts in one order, so they never deadlock.
LOCK_ACCOUNTS = text(
    "SELECT account_ref, balance, last_seq FROM account WHERE account_ref = ANY(:refs) "
    "ORDER BY account_ref FOR UPDATE"
)
LOCK_OPEN = text(
    "SELECT account_ref FROM account WHERE account_ref = ANY(:refs) AND status = 'open' "
    "ORDER BY account_ref FOR UPDATE"
)
POSTED_KEYS = text("SELECT source_key FROM posting WHERE source_key = ANY(:keys)")
MOVE_BALANCES = text(
    "UPDATE account a SET balance = v.balance, last_seq = v.last_seq "
    "FROM unnest(CAST(:refs AS varchar[]), CAST(:balances AS numeric[]), CAST(:seqs AS bigint[])) "
    "AS v(account_ref, balance, last_seq) WHERE a.account_ref = v.account_ref"
)


class UnknownAccounts(NotFound):
    def __init__(self, refs: Sequence[str]) -> None:
        shown = ", ".join(refs[:20]) + (" …" if len(refs) > 20 else "")
        super().__init__(f"{len(refs)} unknown account(s): {shown}")
        self.refs = list(refs)


async def lock_open(session: AsyncSession, refs: list[str]) -> list[str]:
    """Lock the accounts (in key order) before reading what to post to them, so a
    termination or charge change cannot slip in between; returns those still open."""
    return list((await session.execute(LOCK_OPEN, {"refs": refs})).scalars())


async def post_all(session: AsyncSession, lines: Sequence[NewPosting]) -> list[Posting]:
    """Post every line not already on the ledger; returns the new postings in order."""
    if not lines:
        return []
    refs = sorted({line.account_ref for line in lines})
    rows = (await session.execute(LOCK_ACCOUNTS, {"refs": refs})).all()
    positions = {row.account_ref: Position(row.balance, row.last_seq) for row in rows}
    missing = [ref for ref in refs if ref not in positions]
    if missing:
        raise UnknownAccounts(missing)
    posted = set((await session.execute(POSTED_KEYS, {"keys": [line.source_key for line in lines]})).scalars())
    postings = sequence(not_yet_posted(lines, posted), positions)
    if not postings:
        return []
    await _copy(session, postings)
    moved = sorted({p.account_ref for p in postings})
    await session.execute(MOVE_BALANCES, {
        "refs": moved,
        "balances": [positions[ref].balance for ref in moved],
        "seqs": [positions[ref].last_seq for ref in moved],
    })
    return postings


async def _copy(session: AsyncSession, postings: list[Posting]) -> None:
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    records = [
        (p.posting_id, p.account_ref, p.account_seq, p.posting_type.value, p.amount.amount,
         p.balance_after.amount, p.effective_date, p.rent_year, p.rent_week,
         p.charge_type.value if p.charge_type else None, p.source_key, p.source, p.reason, p.posted_by)
        for p in postings
    ]
    await raw.driver_connection.copy_records_to_table("posting", records=records, columns=COLUMNS)
