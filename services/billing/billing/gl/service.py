"""General ledger journals: export a period's rent ledger activity once, as a balanced
journal whose lines trace to their postings; re-exporting a period needs an explicit
reversal of the journal that holds it."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import func, insert, update
from sqlalchemy.dialects.postgresql import insert as pg_insert

from billing.configuration import service as configuration
from billing.errors import BillingError, Conflict, NotFound
from billing.gl import rules as gl_journal
from billing.gl import store as gl_store
from billing.gl.tables import gl_journal_table, gl_mapping_table
from billing.ledger import writer as ledger_writer
from shared import audit
from shared.db.unit_of_work import UnitOfWork
from shared.money import total

MAX_PERIOD_DAYS = 366

UK = ZoneInfo("Europe/London")


def today() -> date:
    """The landlord's day: journals follow UK days, as its finance system does."""
    return datetime.now(UK).date()


async def export(uow: UnitOfWork, date_from: date, date_to: date, actor: str) -> dict[str, Any]:
    if date_from > date_to:
        raise BillingError(f"date_from {date_from} is after date_to {date_to}")
    if date_to >= today():
        raise BillingError(f"a journal covers whole days that have ended: date_to must be before {today()}")
    if (date_to - date_from).days >= MAX_PERIOD_DAYS:
        raise BillingError(f"a journal covers at most {MAX_PERIOD_DAYS} days")
    session = uow.session
    await gl_store.lock(session)
    clash = await gl_store.live_overlapping(session, date_from, date_to)
    if clash is not None:
        raise Conflict(f"{clash['period_from']} to {clash['period_to']} was already exported as journal "
                       f"{clash['journal_id']}; reverse that journal before exporting the period again")
    # Every posting stamped before now is committed and seen; later ones are stamped later.
    exported_at = await ledger_writer.hold_gate(session)
    also = await gl_store.stragglers(session, date_from, date_to)
    activity = await gl_store.activity(session, date_from, date_to, also)
    lines = gl_journal.build(activity, await gl_store.mapping(session))
    journal_id = uuid.uuid4()
    await _save(uow, journal_id, "export", date_from, date_to, lines, actor, None, None, exported_at)
    groups = [(a.posting_type, a.qualifier, a.account_type, n) for n, a in enumerate(gl_journal.groups(activity), 1)]
    linked = await gl_store.link_postings(session, journal_id, date_from, date_to, also, groups)
    expected = sum(a.postings for a in activity)
    if linked != expected:  # a posting outside every group would be untraceable
        raise BillingError(f"{linked} postings traced but {expected} summed; nothing exported")
    return await gl_store.journal(session, journal_id)


async def export_day(uow: UnitOfWork, day: date | None, actor: str) -> dict[str, Any]:
    day = day or today() - timedelta(days=1)
    return await export(uow, day, day, actor)


async def reverse(uow: UnitOfWork, journal_id: uuid.UUID, reason: str, actor: str) -> dict[str, Any]:
    session = uow.session
    await gl_store.lock(session)
    original = await gl_store.journal(session, journal_id, for_update=True)
    if original is None:
        raise NotFound(f"journal {journal_id} does not exist")
    if original["kind"] != "export" or original["status"] != "exported":
        raise Conflict(f"journal {journal_id} is a {original['kind']} in status {original['status']}; "
                       "only an exported journal can be reversed")
    lines = gl_journal.reversed_lines(await gl_store.lines(session, journal_id))
    reversal_id = uuid.uuid4()
    await _save(uow, reversal_id, "reversal", original["period_from"], original["period_to"], lines, actor,
                journal_id, reason)
    await gl_store.copy_links(session, reversal_id, journal_id)
    await session.execute(update(gl_journal_table).where(gl_journal_table.c.journal_id == journal_id)
                          .values(status="reversed", reversed_by=reversal_id))
    return await gl_store.journal(session, reversal_id)


async def _save(uow: UnitOfWork, journal_id: uuid.UUID, kind: str, date_from: date, date_to: date,
                lines: list[gl_journal.Line], actor: str, reverses: uuid.UUID | None, reason: str | None,
                at: datetime | None = None) -> None:
    gl_journal.check_balanced(lines)
    debit = total(li.debit for li in lines)
    postings = sum(li.postings_count for li in lines if li.side == "control")
    await uow.session.execute(insert(gl_journal_table).values(
        journal_id=journal_id, kind=kind, period_from=date_from, period_to=date_to, status="exported",
        reverses=reverses, total_debit=debit.amount, total_credit=total(li.credit for li in lines).amount,
        lines_count=len(lines), postings_count=postings, reason=reason, created_by=actor,
        created_at=at or func.now()))
    await gl_store.save_lines(uow.session, journal_id, lines)
    await audit.record(uow.session, actor=actor, action=kind, entity="gl_journal", entity_id=str(journal_id),
                       after={"period_from": str(date_from), "period_to": str(date_to), "total": str(debit),
                              "lines": len(lines), "postings": postings,
                              "reverses": str(reverses) if reverses else None},
                       reason=reason or f"general ledger journal {date_from} to {date_to}")


async def set_mapping(uow: UnitOfWork, category: str, qualifier: str, code: gl_journal.Code, reason: str,
                      actor: str) -> dict[str, Any]:
    gl_journal.check_mapping(category, qualifier)
    session = uow.session
    before = (await gl_store.mapping(session)).get((category, qualifier))
    values = {"ledger_code": code.ledger_code, "cost_centre": code.cost_centre, "description": code.description,
              "updated_by": actor}
    stmt = pg_insert(gl_mapping_table).values(category=category, qualifier=qualifier, **values)
    await session.execute(stmt.on_conflict_do_update(index_elements=["category", "qualifier"], set_=values))
    await audit.record(session, actor=actor, action="set", entity="gl_mapping", entity_id=f"{category}/{qualifier}",
                       before=vars(before) if before else None, after=vars(code), reason=reason)
    return {"category": category, "qualifier": qualifier, **vars(code)}


MAX_DAYS_PER_PASS = 31


async def days_due(uow: UnitOfWork) -> list[date]:
    """Days from the configured start up to yesterday that no live journal covers yet
    (a reversed day is due again)."""
    start = await configuration.get_setting(uow.session, "gl_daily_export_from")
    if start == "off":
        return []
    first, last = date.fromisoformat(start), today() - timedelta(days=1)
    covered = await gl_store.live_days(uow.session, first, last)
    days = (first + timedelta(days=n) for n in range((last - first).days + 1))
    return [d for d in days if d not in covered][:MAX_DAYS_PER_PASS]


async def export_due_days(new_uow: Callable[[], UnitOfWork], actor: str) -> list[dict[str, Any]]:
    """Export each due day in its own transaction; stops at the first refusal (e.g. an
    unmapped category) so no later day is exported before an earlier one."""
    async with new_uow() as uow:
        due = await days_due(uow)
    exported = []
    for day in due:
        async with new_uow() as uow:
            exported.append(await export(uow, day, day, actor))
            await uow.commit()
    return exported
