"""The weekly debit run ("close and open the weekly debit") as a resumable job.

Each step, in one transaction: lock the run record (so two workers on one run take
turns), take the next batch of due accounts after the run's cursor, price their
charges for the week, post them in bulk, emit ChargesDebited per few hundred accounts
and move the cursor on. A crash loses at most the uncommitted batch, which the resumed
run redoes; the unique source key per account/week/charge type is the second guard.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from billing.charges.rules import first_charged_day, week_charges
from billing.configuration.events import RentFreeWeeksChanging
from billing.configuration.service import rent_free_weeks
from billing.debit import queries as debit_queries
from billing.debit.rules import reconcile, unsettled
from billing.debit.tables import debit_run_table as runs
from billing.errors import BillingError, Conflict, NotFound
from billing.ledger import source_keys
from billing.ledger import writer as ledger_writer
from billing.ledger.model import Posting
from billing.ledger.rules import NewPosting
from billing.ledger.year_end import year_closed
from shared import audit
from shared.calendar import RentWeek, RentYear
from shared.contracts.billing import ChargesDebitedV1
from shared.contracts.types import PostingType
from shared.db.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)

BATCH_ACCOUNTS = 2000

ACCOUNTS_PER_EVENT = 250

RESUMABLE = ("queued", "running", "failed")

BeforeCommit = Callable[[int], Awaitable[None]]


def _week(rent_year: int, rent_week: int) -> RentWeek:
    try:
        return RentYear(rent_year).week(rent_week)
    except ValueError as exc:
        raise BillingError(str(exc)) from None


async def get_run(session: AsyncSession, run_id: uuid.UUID, *, for_update: bool = False) -> dict[str, Any]:
    query = select(runs).where(runs.c.run_id == run_id)
    row = (await session.execute(query.with_for_update() if for_update else query)).mappings().first()
    if row is None:
        raise NotFound(f"debit run {run_id} does not exist")
    return dict(row)


async def request_run(uow: UnitOfWork, rent_year: int, rent_week: int, actor: str) -> tuple[dict[str, Any], bool]:
    """Record a run for the week (or return the one already under way); True if new."""
    week = _week(rent_year, rent_week)
    if await year_closed(uow.session, rent_year):
        raise Conflict(f"rent year {rent_year} is closed")
    active = (await uow.session.execute(
        select(runs.c.run_id).where(runs.c.rent_year == rent_year, runs.c.rent_week == rent_week,
                                    runs.c.status.in_(("queued", "running")))
    )).first()
    if active:
        return await get_run(uow.session, active.run_id), False
    free = await rent_free_weeks(uow.session, rent_year)
    run_id = uuid.uuid4()
    values: dict[str, Any] = {"run_id": run_id, "rent_year": rent_year, "rent_week": rent_week,
                              "week_starts": week.starts, "status": "queued", "requested_by": actor}
    if rent_week in free:
        values |= {"status": "skipped", "error": f"rent-free week: {free[rent_week]}",
                   "finished_at": datetime.now(UTC)}
    await uow.session.execute(insert(runs).values(**values))
    await audit.record(uow.session, actor=actor, action="request", entity="debit_run", entity_id=str(run_id),
                       after={"rent_year": rent_year, "rent_week": rent_week, "status": values["status"]})
    return await get_run(uow.session, run_id), True


async def refuse_debited_weeks(change: RentFreeWeeksChanging, uow: UnitOfWork) -> None:
    """Reacts to a change of rent-free weeks: a week a run has already debited cannot change."""
    changed = change.weeks & await debit_queries.weeks_debited(uow.session, change.rent_year)
    if changed:
        raise Conflict(f"week(s) {sorted(changed)} of {change.rent_year} were already debited; "
                       "correct them by adjustment")


async def execute(
    session_factory: async_sessionmaker[AsyncSession],
    run_id: uuid.UUID,
    *,
    on_commit: Callable[[], None] | None = None,
    batch_accounts: int = BATCH_ACCOUNTS,
    before_commit: BeforeCommit | None = None,
) -> str:
    """Run (or resume) until done; returns the final status. A failure marks the run
    failed and is re-raised; resuming it carries on from the last committed batch."""
    try:
        while True:
            async with UnitOfWork(session_factory, on_commit=on_commit) as uow:
                status = await _step(uow, run_id, batch_accounts, before_commit)
                await uow.commit()
            if status != "running":
                return status
    except Exception as exc:
        log.exception("debit run failed", extra={"run_id": str(run_id)})
        async with session_factory() as session, session.begin():
            await session.execute(update(runs).where(runs.c.run_id == run_id, runs.c.status == "running")
                                  .values(status="failed", error=f"{type(exc).__name__}: {exc}"[:1000]))
        raise


async def _step(uow: UnitOfWork, run_id: uuid.UUID, limit: int, before_commit: BeforeCommit | None) -> str:
    run = await get_run(uow.session, run_id, for_update=True)
    if run["status"] not in RESUMABLE:
        return run["status"]
    week = _week(run["rent_year"], run["rent_week"])
    if run["status"] != "running":
        total = run["accounts_total"] or await debit_queries.count_due(uow.session, week)
        await _update(uow, run_id, status="running", error=None, accounts_total=total,
                      started_at=run["started_at"] or datetime.now(UTC))
    refs = await debit_queries.next_due(uow.session, week, run["cursor"], limit)
    if not refs:
        posted, expected = await debit_queries.reconciliation_rows(uow.session, week)
        await _update(uow, run_id, status="completed", finished_at=datetime.now(UTC),
                      reconciliation=reconcile(posted, expected))
        return "completed"
    postings = await _post_week(uow, run, week, refs)
    batch = run["batches"]
    for chunk in _by_accounts(postings, ACCOUNTS_PER_EVENT):
        batch += 1
        uow.emit(ChargesDebitedV1(run_id=run_id, batch=batch, rent_year=week.rent_year, rent_week=week.number,
                                  week_starts=week.starts, postings=[p.to_line() for p in chunk]))
    await _update(uow, run_id, cursor=refs[-1], batches=batch, accounts_done=run["accounts_done"] + len(refs),
                  postings_count=run["postings_count"] + len(postings),
                  amount_posted=run["amount_posted"] + sum(p.amount.amount for p in postings))
    if before_commit is not None:
        await before_commit(batch)
    return "running"


async def _post_week(uow: UnitOfWork, run: dict[str, Any], week: RentWeek, refs: list[str]) -> list[Posting]:
    refs = await ledger_writer.lock_open(uow.session, refs)
    periods = await debit_queries.periods_for(uow.session, week, refs)
    settled = await debit_queries.settled_for(uow.session, week, refs)
    first_days = {}
    for period in periods:
        key = (period.account_ref, period.charge_type)
        first_days[key] = min(first_days.get(key, week.ends), first_charged_day(period, week))
    source = f"debit-run:{run['run_id']}"
    lines = [
        NewPosting(account_ref=ref, posting_type=PostingType.CHARGE, amount=amount,
                   effective_date=first_days[(ref, charge_type)],
                   source_key=source_keys.debit(week, ref, charge_type), source=source,
                   posted_by=run["requested_by"], reason=f"weekly debit {week.label}", charge_type=charge_type)
        for (ref, charge_type), amount in unsettled(week_charges(periods, week), settled).items()
    ]
    return await ledger_writer.post_all(uow.session, lines)


def _by_accounts(postings: list[Posting], size: int) -> list[list[Posting]]:
    chunks: list[list[Posting]] = []
    accounts = 0
    last = None
    for posting in postings:
        if posting.account_ref != last:
            last = posting.account_ref
            accounts += 1
            if (accounts - 1) % size == 0:
                chunks.append([])
        chunks[-1].append(posting)
    return chunks


async def _update(uow: UnitOfWork, run_id: uuid.UUID, **values: Any) -> None:
    await uow.session.execute(update(runs).where(runs.c.run_id == run_id).values(**values))


async def interrupted_runs(session: AsyncSession) -> list[uuid.UUID]:
    """Runs a stopped or crashed process left queued or running (resumed at start-up)."""
    rows = await session.execute(select(runs.c.run_id).where(runs.c.status.in_(("queued", "running"))))
    return list(rows.scalars())
