"""Payment arrangements: agree one (with its income and expenditure assessment and
schedule; recorded as an action on the case), and each week mark every due period kept
or breached (a court order's arrangement breached makes the order enforceable)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.arrangements.rules import (
    IncomeExpenditure,
    Instalment,
    Tolerance,
    assess_period,
    check_affordable,
    converted,
    schedule,
    stored_instalment,
)
from recovery.arrangements.tables import arrangement_status_table, arrangement_table
from recovery.breathing_space import queries as breathing_space
from recovery.bulk_copy import copy_rows
from recovery.cases import service as cases
from recovery.cases.rules import ActionRecord, RecordedAction
from recovery.configuration.settings import ToleranceSetting, get_setting
from recovery.errors import Conflict, NotFound, RecoveryError
from recovery.positions import charge_schedule
from recovery.positions import queries as positions
from recovery.positions.queries import get_position
from recovery.positions.rules import ChargeHistory
from shared import audit
from shared.contracts.recovery import ArrangementBreachedV1, ArrangementCreatedV1
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money


@dataclass(frozen=True)
class MakeArrangement:
    account_ref: str
    frequency: str
    instalment: Money
    start_date: date
    assessment: IncomeExpenditure | None
    agreed_by: str
    source: str = "officer"


async def _terms(uow: UnitOfWork, account_ref: str, start: date, *,
                 for_update: bool) -> tuple[Money, Money, ChargeHistory]:
    """The arrears, the weekly charge at the start, and the charges each period will owe."""
    position = await get_position(uow.session, account_ref, for_update=for_update)
    arrears = Money(position["balance"])
    if not arrears.is_debit():
        raise RecoveryError(f"{account_ref} is not in arrears (balance £{arrears})")
    history = (await charge_schedule.histories(uow.session, [account_ref]))[account_ref]
    history = history.or_charge(Money(position["weekly_charge"] or 0))
    # A former tenant owes no ongoing charge: the instalment is the whole payment.
    weekly_charge = history.weekly_on(start) if position["status"] == "open" else Money.zero()
    return arrears, weekly_charge, history


async def preview(uow: UnitOfWork, cmd: MakeArrangement) -> dict[str, Any]:
    """What the assessment leaves, whether the offer fits, and its schedule; nothing is saved."""
    if cmd.assessment is None:
        raise RecoveryError("a preview needs an income and expenditure assessment")
    arrears, weekly_charge, charges = await _terms(uow, cmd.account_ref, cmd.start_date, for_update=False)
    try:
        check_affordable(cmd.assessment, cmd.instalment, weekly_charge, cmd.frequency)
        verdict = None
    except RecoveryError as exc:
        verdict = str(exc)
    rows = schedule(cmd.start_date, cmd.frequency, cmd.instalment, arrears)
    return {**_assessment_json(cmd.assessment), "arrears": str(arrears), "weekly_charge": str(weekly_charge),
            "monthly_charge": str(converted(weekly_charge, "weekly", "monthly")), "frequency": cmd.frequency,
            "instalment": str(cmd.instalment),
            "instalment_weekly": str(converted(cmd.instalment, cmd.frequency, "weekly")),
            "instalment_monthly": str(converted(cmd.instalment, cmd.frequency, "monthly")),
            "affordable": verdict is None, "refusal": verdict, "schedule": _plan(rows, charges)}


def _stored(rows: list[Instalment]) -> list[dict[str, str | int]]:
    # No charge stored: it is reckoned from the charge history at assessment and on
    # reading, so a rent change (even backdated or consumed late) or rent-free weeks
    # announced later reach every period not yet assessed, with no copy to keep in step.
    return [{"period_no": r.period_no, "period_start": r.period_start.isoformat(),
             "period_end": r.period_end.isoformat(), "towards": str(r.towards),
             "arrears_after": str(r.arrears_after)} for r in rows]


def _plan(rows: list[Instalment], charges: ChargeHistory) -> list[dict[str, str | int]]:
    """The schedule with each period's charge and payment expected as things stand."""
    plan = []
    for entry, r in zip(_stored(rows), rows, strict=True):
        charge = charges.due(r.period_start, r.period_end)
        plan.append({**entry, "charge": str(charge), "expected": str(charge + r.towards)})
    return plan


async def current_schedules(uow: UnitOfWork, arrangements: list[Any]) -> list[list[dict[str, str | int]]]:
    """Each arrangement's schedule with what each period expects as things stand."""
    histories = await charge_schedule.histories(uow.session, sorted({a["account_ref"] for a in arrangements}))
    return [_plan([stored_instalment(e, Money(a["weekly_charge"])) for e in a["schedule"]],
                  histories.get(a["account_ref"], ChargeHistory()).or_charge(Money(a["weekly_charge"])))
            for a in arrangements]


async def make_arrangement(uow: UnitOfWork, cmd: MakeArrangement, today: date) -> uuid.UUID:
    arrears, weekly_charge, _ = await _terms(uow, cmd.account_ref, cmd.start_date, for_update=True)
    active = (await uow.session.execute(select(arrangement_table.c.arrangement_id).where(
        arrangement_table.c.account_ref == cmd.account_ref, arrangement_table.c.status == "active"))).first()
    if active:
        raise Conflict(f"{cmd.account_ref} already has an active arrangement {active[0]}")
    if cmd.assessment is not None:
        check_affordable(cmd.assessment, cmd.instalment, weekly_charge, cmd.frequency)
    elif cmd.source == "officer":
        raise RecoveryError("an arrangement needs an income and expenditure assessment")
    rows = schedule(cmd.start_date, cmd.frequency, cmd.instalment, arrears)
    arrangement_id = uuid.uuid4()
    plan = _stored(rows)
    assessment = _assessment_json(cmd.assessment) or None
    await uow.session.execute(insert(arrangement_table).values(
        arrangement_id=arrangement_id, account_ref=cmd.account_ref, status="active", source=cmd.source,
        frequency=cmd.frequency, instalment=cmd.instalment.amount, weekly_charge=weekly_charge.amount,
        arrears_at_start=arrears.amount, start_date=cmd.start_date, assessment=assessment,
        disposable_weekly=cmd.assessment.disposable_weekly().amount if cmd.assessment else None,
        schedule=plan, agreed_by=cmd.agreed_by,
    ))
    await note_status(uow.session, [arrangement_id], "active", today, cmd.agreed_by,
                      f"agreed: £{cmd.instalment} {cmd.frequency} towards the arrears")
    case = await cases.open_case_for(uow.session, cmd.account_ref, today)
    await cases.record_action(uow, case["case_id"], ActionRecord(
        RecordedAction.ARRANGEMENT_MADE, min(today, cmd.start_date), cmd.agreed_by,
        outcome=f"£{cmd.instalment} {cmd.frequency} towards arrears"), today)
    await audit.record(uow.session, actor=cmd.agreed_by, action="create", entity="arrangement",
                       entity_id=str(arrangement_id), after={"instalment": str(cmd.instalment),
                                                             "frequency": cmd.frequency, "source": cmd.source})
    uow.emit(ArrangementCreatedV1(
        arrangement_id=arrangement_id, account_ref=cmd.account_ref, amount=cmd.instalment, frequency=cmd.frequency,
        start_date=cmd.start_date, arrears_at_start=arrears, weekly_charge=weekly_charge, agreed_by=cmd.agreed_by,
    ))
    return arrangement_id


def _assessment_json(assessment: IncomeExpenditure | None) -> dict[str, Any]:
    if assessment is None:
        return {}
    return {
        "income": {k.value: str(v) for k, v in assessment.income.items()},
        "expenditure": {k.value: str(v) for k, v in assessment.expenditure.items()},
        "total_income": str(assessment.total_income()),
        "total_expenditure": str(assessment.total_expenditure()),
        "basis": assessment.basis,
        "disposable_weekly": str(assessment.disposable_weekly()),
        "disposable_monthly": str(assessment.disposable_monthly()),
    }


async def arrangement_from_order(uow: UnitOfWork, account_ref: str, weekly_terms: Money, start: date,
                                 officer: str) -> None:
    """A suspended order's terms become an arrangement: its breach makes the order enforceable."""
    superseded = (await uow.session.execute(update(arrangement_table).where(
        arrangement_table.c.account_ref == account_ref, arrangement_table.c.status == "active",
    ).values(status="superseded").returning(arrangement_table.c.arrangement_id))).scalars().all()
    await note_status(uow.session, list(superseded), "superseded", start, officer,
                      "the court order's terms replace it")
    await make_arrangement(uow, MakeArrangement(account_ref, "weekly", weekly_terms, start, None, officer,
                                                "court_order"), start)


# Each period that has ended and is not yet assessed, with whether it fell (even in
# part) in a Breathing Space moratorium and whether one is in force today.
DUE_PERIODS = text(f"""
WITH bs AS (
  {breathing_space.MORATORIUMS}
)
SELECT a.arrangement_id, a.account_ref, a.source, a.weekly_charge, s AS entry, (s->>'period_no')::int AS period_no,
       (s->>'period_start')::date AS period_start, (s->>'period_end')::date AS period_end,
       COALESCE({positions.paid_between("a.account_ref", "(s->>'period_start')::date", "(s->>'period_end')::date")
                }, 0) AS paid,
       jsonb_array_length(a.schedule) AS periods,
       EXISTS (SELECT 1 FROM bs WHERE bs.account_ref = a.account_ref
               AND bs.start_date <= (s->>'period_end')::date
               AND (bs.ends IS NULL OR bs.ends >= (s->>'period_start')::date)) AS in_moratorium,
       EXISTS (SELECT 1 FROM bs WHERE bs.account_ref = a.account_ref AND bs.start_date <= :today
               AND (bs.ends IS NULL OR bs.ends >= :today)) AS moratorium_today
FROM arrangement a CROSS JOIN LATERAL jsonb_array_elements(a.schedule) s
WHERE a.status = 'active' AND (s->>'period_end')::date < :today
  AND NOT EXISTS (SELECT 1 FROM arrangement_period p
                  WHERE p.arrangement_id = a.arrangement_id AND p.period_no = (s->>'period_no')::int)
ORDER BY a.arrangement_id, period_no
""")
NOT_ASSESSED = "not assessed: Breathing Space moratorium"


MARK_BREACHED = text("""
UPDATE arrangement a SET status = 'breached', breached_on = :today, breach_reason = b.why
FROM unnest(CAST(:ids AS uuid[]), CAST(:why AS text[])) AS b(id, why)
WHERE a.arrangement_id = b.id
""")


async def arrangement_tolerance(session: AsyncSession) -> Tolerance:
    """How short a period may be and still count as kept (the arrangement_tolerance setting)."""
    value = ToleranceSetting.model_validate(await get_setting(session, "arrangement_tolerance"))
    return Tolerance(value.amount, value.percent)


# An arrangement with nothing left to pay is completed.
COMPLETE_CLEARED = text(f"""
UPDATE arrangement a SET status = 'completed'
FROM ({positions.CLEARED}) p
WHERE a.account_ref = p.account_ref AND a.status = 'active'
RETURNING a.arrangement_id
""")
SYSTEM = "system:daily-run"


async def note_status(session: AsyncSession, ids: list[uuid.UUID], status: str, on: date, by: str,
                      reason: str | list[str] | None) -> None:
    """Keep each arrangement's new status in its history (one reason, or one per arrangement)."""
    if not ids:
        return
    reasons = reason if isinstance(reason, list) else [reason] * len(ids)
    await session.execute(insert(arrangement_status_table), [
        {"arrangement_id": i, "status": status, "changed_on": on, "changed_by": by, "reason": why}
        for i, why in zip(ids, reasons, strict=True)])


async def complete_cleared(uow: UnitOfWork, today: date) -> None:
    done = (await uow.session.execute(COMPLETE_CLEARED)).scalars().all()
    await note_status(uow.session, list(done), "completed", today, SYSTEM, "arrears cleared")


async def cancel(uow: UnitOfWork, arrangement_id: uuid.UUID, reason: str, officer: str, today: date) -> str:
    """An officer ends a live (active or breached) arrangement, saying why; returns its account."""
    row = (await uow.session.execute(select(arrangement_table).where(
        arrangement_table.c.arrangement_id == arrangement_id).with_for_update())).mappings().first()
    if row is None:
        raise NotFound(f"no arrangement {arrangement_id}")
    if row["status"] not in ("active", "breached"):
        raise Conflict(f"arrangement {arrangement_id} is {row['status']}: only a live one can be cancelled")
    await uow.session.execute(update(arrangement_table).where(arrangement_table.c.arrangement_id == arrangement_id)
                              .values(status="cancelled", cancelled_on=today, cancelled_by=officer,
                                      cancel_reason=reason))
    await note_status(uow.session, [arrangement_id], "cancelled", today, officer, reason)
    await audit.record(uow.session, actor=officer, action="cancel", entity="arrangement",
                       entity_id=str(arrangement_id), before={"status": row["status"]},
                       after={"status": "cancelled"}, reason=reason)
    return row["account_ref"]


async def monitor(uow: UnitOfWork, today: date) -> tuple[int, int]:
    """Assess every period that has ended against the charge that fell due in it plus the
    instalment; the first short or missed one breaches the arrangement
    (ArrangementBreached: notifications sends the breach letter from it).
    Breathing Space suspends this: a period that fell in a moratorium is never assessed
    (kept is null), and while one is in force no other period is either.
    Returns (periods assessed, breaches)."""
    tolerance = await arrangement_tolerance(uow.session)
    rows = (await uow.session.execute(DUE_PERIODS, {"today": today})).mappings().all()
    histories = await charge_schedule.histories(uow.session, sorted({r["account_ref"] for r in rows}))
    periods, breached, completed, waiting = [], {}, [], set()
    for row in rows:
        aid = row["arrangement_id"]
        if aid in breached or aid in waiting:
            continue
        if row["moratorium_today"] and not row["in_moratorium"]:
            waiting.add(aid)  # assessed once the moratorium ends
            continue
        agreed = Money(row["weekly_charge"])
        charges = histories.get(row["account_ref"], ChargeHistory()).or_charge(agreed)
        expected, paid = stored_instalment(row["entry"], agreed).expected(charges), Money(row["paid"])
        kept, reason = (None, NOT_ASSESSED) if row["in_moratorium"] else assess_period(expected, paid, tolerance)
        periods.append({"arrangement_id": aid, "period_no": row["period_no"],
                        "period_start": row["period_start"], "period_end": row["period_end"],
                        "expected": expected.amount, "paid": paid.amount, "kept": kept, "reason": reason,
                        "assessed_on": today})
        if kept is False:
            breached[aid] = (row, expected, paid, reason)
        elif row["period_no"] == row["periods"]:
            completed.append(aid)
    if periods:
        await copy_rows(uow.session, "arrangement_period", periods)
    if completed:
        await uow.session.execute(update(arrangement_table).where(
            arrangement_table.c.arrangement_id.in_(completed)).values(status="completed"))
        await note_status(uow.session, completed, "completed", today, SYSTEM, "every period kept")
    if breached:
        why = [b[3] for b in breached.values()]
        await uow.session.execute(MARK_BREACHED, {"ids": list(breached), "why": why, "today": today})
        await note_status(uow.session, list(breached), "breached", today, SYSTEM,
                          [f"period ending {b[0]['period_end']}: {b[3]}" for b in breached.values()])
    for aid, (row, expected, paid, reason) in breached.items():
        await _breached(uow, aid, row, expected, paid, reason, today)
    return sum(1 for p in periods if p["kept"] is not None), len(breached)


async def _breached(uow: UnitOfWork, arrangement_id: uuid.UUID, row: Any, expected: Money, paid: Money,
                    reason: str, today: date) -> None:
    uow.emit(ArrangementBreachedV1(arrangement_id=arrangement_id, account_ref=row["account_ref"],
                                   period_ending=row["period_end"], expected=expected, paid=paid, reason=reason))
    if row["source"] == "court_order":
        await cases.mark_order_breached(uow, row["account_ref"])
