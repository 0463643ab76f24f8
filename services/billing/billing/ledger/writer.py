"""Appending postings — the one way anything is posted: one locked read of the accounts,
one COPY of the postings, one set-based update of the balances. Postings whose source
key is already on the ledger are skipped, so replaying a cause posts nothing twice.

Every writer passes the ledger gate (a shared advisory lock held to commit) before it
reads which rent years are closed and stamps ``posted_at`` from the database clock.
The year-end close and the general ledger export take the gate exclusively: they wait
for the writers in flight to commit and hold new ones back until they commit, so a
posting can neither land in a year being closed nor be stamped with a time an export
has already passed without that export seeing it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from billing.errors import NotFound
from billing.ledger.model import Posting
from billing.ledger.rules import NewPosting, Position, first_open_day, into_open_year, not_yet_posted, sequence
from shared.db.unit_of_work import UnitOfWork

COLUMNS = (
    "posting_id", "account_ref", "account_seq", "posting_type", "amount", "balance_after", "effective_date",
    "rent_year", "rent_week", "charge_type", "source_key", "source", "reason", "posted_by", "posted_at", "channel",
)


GATE_KEY = "hashtext('billing:ledger-gate')"

PASS_GATE = text(f"SELECT pg_advisory_xact_lock_shared({GATE_KEY})")

HOLD_GATE = text(f"SELECT pg_advisory_xact_lock({GATE_KEY})")


# A statement of its own after the gate, so its snapshot sees a close committed meanwhile.
CLOCK_AND_CLOSE = text("SELECT clock_timestamp() AS now, (SELECT max(rent_year) FROM year_end) AS closed")


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


async def hold_gate(session: AsyncSession) -> datetime:
    """Hold every posting writer back until this transaction ends (once those in flight
    have committed); returns the database clock then."""
    await session.execute(HOLD_GATE)
    return (await session.execute(CLOCK_AND_CLOSE)).one().now


async def _pass_gate(session: AsyncSession) -> tuple[datetime, date | None]:
    await session.execute(PASS_GATE)
    row = (await session.execute(CLOCK_AND_CLOSE)).one()
    return row.now, first_open_day(row.closed)


async def post_all(session: AsyncSession, lines: Sequence[NewPosting]) -> list[Posting]:
    """Post every line not already on the ledger; returns the new postings in order.
    A line dated in a closed rent year takes effect on the first day of the first open one."""
    if not lines:
        return []
    posted_at, first_open = await _pass_gate(session)
    refs = sorted({line.account_ref for line in lines})
    rows = (await session.execute(LOCK_ACCOUNTS, {"refs": refs})).all()
    positions = {row.account_ref: Position(row.balance, row.last_seq) for row in rows}
    missing = [ref for ref in refs if ref not in positions]
    if missing:
        raise UnknownAccounts(missing)
    posted = set((await session.execute(POSTED_KEYS, {"keys": [line.source_key for line in lines]})).scalars())
    postings = sequence(into_open_year(not_yet_posted(lines, posted), first_open), positions)
    if not postings:
        return []
    await _copy(session, postings, posted_at)
    moved = sorted({p.account_ref for p in postings})
    await session.execute(MOVE_BALANCES, {
        "refs": moved,
        "balances": [positions[ref].balance for ref in moved],
        "seqs": [positions[ref].last_seq for ref in moved],
    })
    return postings


async def _copy(session: AsyncSession, postings: list[Posting], posted_at: datetime) -> None:
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    records = [
        (p.posting_id, p.account_ref, p.account_seq, p.posting_type.value, p.amount.amount,
         p.balance_after.amount, p.effective_date, p.rent_year, p.rent_week,
         p.charge_type.value if p.charge_type else None, p.source_key, p.source, p.reason, p.posted_by, posted_at,
         p.channel)
        for p in postings
    ]
    await raw.driver_connection.copy_records_to_table("posting", records=records, columns=COLUMNS)


async def post_and_announce(uow: UnitOfWork, lines: list[NewPosting]) -> None:
    """Post the lines and announce each posting (AccountPosted) in the same unit of work."""
    for posting in await post_all(uow.session, lines):
        uow.emit(posting.to_event(), sequence=posting.account_seq)
