"""A recovery case and the actions recorded on it: open one, record actions and
outcomes (Breathing Space and the pre-action protocol are enforced here), and close it
when its arrears are cleared or the tenancy ends."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import func, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession

from recovery import letters
from recovery.breathing_space.queries import in_breathing_space
from recovery.cases.queries import actions_on, get_case
from recovery.cases.rules import (
    COURT_ACTIONS,
    STARTS_WAIT,
    ActionRecord,
    CourtOrder,
    RecordedAction,
    check_pause,
    notice_dates,
)
from recovery.cases.tables import case_action_table, recovery_case_table
from recovery.configuration.settings import chosen_reason
from recovery.errors import Blocked, Conflict, RecoveryError
from recovery.former_tenants import service as former_tenants
from recovery.policy.definitions import PolicyBody, StageRule
from recovery.policy.pre_action import missing_steps
from recovery.policy.queries import load_policies, policy_for_type
from recovery.policy.rules import paused_on
from recovery.positions import queries as positions
from recovery.positions.queries import get_position
from shared import audit
from shared.contracts.billing import TenancyTerminatedV1
from shared.contracts.recovery import CourtCaseUpdatedV1, RecoveryActionTakenV1
from shared.db.unit_of_work import UnitOfWork


async def record_action(uow: UnitOfWork, case_id: uuid.UUID, rec: ActionRecord, today: date,
                        recommendation_id: uuid.UUID | None = None,
                        letter_figures: dict[str, Any] | None = None) -> uuid.UUID:
    case = await get_case(uow.session, case_id, for_update=True)
    if case["status"] != "open":
        raise Conflict(f"case {case_id} is {case['status']}")
    rec.validate(today)
    policy = (await load_policies(uow.session))[case["policy_code"]][0]
    stage = policy.stage(rec.stage) if rec.stage else None
    if rec.stage and stage is None:
        raise RecoveryError(f"policy {case['policy_code']} has no stage {rec.stage}")
    rec.check_possession((await get_position(uow.session, case["account_ref"]))["account_type"])
    await _check_allowed(uow, case, rec, policy, stage)
    wait_days = stage.wait_days if stage else policy.action_wait_days
    wait_until = rec.taken_on + timedelta(days=wait_days) if rec.action in STARTS_WAIT else None
    action_id = uuid.uuid4()
    details = _details(rec)
    await uow.session.execute(insert(case_action_table).values(
        action_id=action_id, case_id=case_id, account_ref=case["account_ref"], action=rec.action.value,
        stage=rec.stage, taken_on=rec.taken_on, officer=rec.officer, outcome=rec.outcome, details=details,
        wait_until=wait_until, recommendation_id=recommendation_id,
    ))
    await _update_case(uow, case, rec, wait_until)
    await audit.record(uow.session, actor=rec.officer, action=rec.action.value, entity="recovery_case",
                       entity_id=str(case_id), after={"stage": rec.stage, **details}, reason=rec.notes,
                       source=f"recommendation:{recommendation_id}" if recommendation_id else "officer")
    uow.emit(RecoveryActionTakenV1(action_id=action_id, case_id=case_id, account_ref=case["account_ref"],
                                   action=rec.action.value, taken_on=rec.taken_on, officer=rec.officer,
                                   outcome=rec.outcome))
    await _letter_for(uow, case, rec, stage, letter_figures or {})
    return action_id


async def _check_allowed(uow: UnitOfWork, case: Any, rec: ActionRecord, policy: PolicyBody,
                         stage: StageRule | None) -> None:
    # Judged on the day the action is (or was) taken: a moratorium forbids it on that day.
    if rec.is_blocked_by_breathing_space(stage) and await in_breathing_space(
            uow.session, case["account_ref"], rec.taken_on):
        raise Blocked(f"{case['account_ref']} is in Breathing Space: no enforcement action or letter demanding "
                      f"payment until the moratorium ends ({rec.letter_type or rec.action.value} refused)")
    if rec.chases_payment(stage):  # a former tenant is not chased before a required benefit check
        check = await former_tenants.chasing_check(uow, case["account_ref"])
        former_tenants.refuse_if_held(check, f"{(rec.letter_type or rec.action.value).replace('_', ' ')} is")
    if rec.needs_pre_action(policy, stage):
        missing = await pre_action_missing(uow, case["case_id"])
        if missing:
            raise Blocked(f"{rec.action.value.replace('_', ' ')} refused: pre-action protocol steps missing: "
                          f"{', '.join(missing)}", missing)


async def pre_action_missing(uow: UnitOfWork, case_id: uuid.UUID) -> list[str]:
    return missing_steps({a["action"] for a in await actions_on(uow.session, case_id)})


def _details(rec: ActionRecord) -> dict[str, Any]:
    fields = {"letter_type": rec.letter_type, "served_on": rec.served_on, "hearing_date": rec.hearing_date,
              "order": rec.order, "terms_weekly": rec.terms_weekly, "possession_date": rec.possession_date,
              "eviction_date": rec.eviction_date, "notes": rec.notes}
    return {k: (v.isoformat() if isinstance(v, date) else str(v)) for k, v in fields.items() if v is not None}


async def _update_case(uow: UnitOfWork, case: Any, rec: ActionRecord, wait_until: date | None) -> None:
    c = recovery_case_table.c
    values: dict[str, Any] = {"actions_taken": func.array_append(func.array_remove(c.actions_taken, rec.action.value),
                                                                 rec.action.value)}
    if rec.stage:
        values.update(stage=rec.stage, stage_on=rec.taken_on, stages=func.array_append(c.stages, rec.stage),
                      stage_dates=func.array_append(c.stage_dates, rec.taken_on))
    if wait_until:
        values.update(wait_until=func.greatest(c.wait_until, wait_until))
    if rec.action is RecordedAction.NOTICE_SERVED and rec.served_on:
        usable, expires = notice_dates(rec.served_on)
        values.update(notice_served_on=rec.served_on, notice_usable_from=usable, notice_expires_on=expires)
    if rec.action is RecordedAction.COURT_HEARING:
        values.update(court_date=rec.hearing_date)
    if rec.action is RecordedAction.COURT_OUTCOME and rec.order:
        values.update(court_order=rec.order.value, possession_date=rec.possession_date, order_breached=False,
                      court_date=rec.hearing_date if rec.order is CourtOrder.ADJOURNED else None,
                      order_terms={"weekly": str(rec.terms_weekly)} if rec.terms_weekly else None)
    if rec.action is RecordedAction.EVICTION:
        values.update(eviction_date=rec.eviction_date)
    await uow.session.execute(update(recovery_case_table)
                              .where(recovery_case_table.c.case_id == case["case_id"]).values(**values))
    if rec.action in COURT_ACTIONS:
        uow.emit(CourtCaseUpdatedV1(
            case_id=case["case_id"], account_ref=case["account_ref"], stage=rec.action.value,
            hearing_date=rec.hearing_date, outcome=rec.order.value if rec.order else rec.outcome,
            terms=f"£{rec.terms_weekly} a week" if rec.terms_weekly else None,
        ))


async def _letter_for(uow: UnitOfWork, case: Any, rec: ActionRecord, stage: StageRule | None,
                      extra: dict[str, Any]) -> None:
    letter_type = rec.letter_type
    if letter_type is None:
        return
    figures: dict[str, Any] = {"stage": rec.stage, "case_id": str(case["case_id"]), **extra}
    if stage and stage.enclosures:
        figures["enclosures"] = stage.enclosures
    if stage and stage.reply_days:
        figures["respond_by"] = rec.taken_on + timedelta(days=stage.reply_days)
    if rec.served_on:
        usable, expires = notice_dates(rec.served_on)
        figures.update(served_on=rec.served_on, proceedings_from=usable, expires_on=expires)
    await letters.request_letter(uow, case["account_ref"], letter_type, rec.officer, rec.taken_on, **figures)


async def open_case_for(session: AsyncSession, account_ref: str, today: date) -> Any:
    """The account's open case, opened now if there is none."""
    position = await get_position(session, account_ref)
    code, _ = await policy_for_type(session, position["account_type"])
    await session.execute(
        upsert(recovery_case_table).values(
            case_id=uuid.uuid4(), account_ref=account_ref, policy_code=code, status="open", opened_on=today,
        ).on_conflict_do_nothing(index_elements=[recovery_case_table.c.account_ref],
                                 index_where=text("status = 'open'"))
    )
    row = (await session.execute(
        select(recovery_case_table).where(recovery_case_table.c.account_ref == account_ref,
                                          recovery_case_table.c.status == "open").with_for_update()
    )).mappings().one()
    return row


PAUSE_COLUMNS = ("paused_until", "pause_reason", "pause_note", "paused_by", "paused_on")


async def pause(uow: UnitOfWork, account_ref: str, reason: str, until: date, note: str | None, officer: str,
                today: date) -> uuid.UUID:
    """An officer pauses the account's case (opened if none is) to the end of `until`, with one
    of the pause_reasons setting's codes: the daily run recommends nothing on it meanwhile (a
    held recommendation, hold officer_pause). A new pause replaces one in force."""
    check_pause(until, today)
    chosen = await chosen_reason(uow.session, "pause_reasons", reason, note)
    case = await open_case_for(uow.session, account_ref, today)
    after = {"paused_until": until, "pause_reason": chosen.code, "pause_note": note, "paused_by": officer,
             "paused_on": today}
    await _set_pause(uow, case, after, "pause", f"{chosen.label}: {note}" if note else chosen.label)
    return case["case_id"]


async def unpause(uow: UnitOfWork, account_ref: str, note: str | None, officer: str, today: date) -> uuid.UUID:
    """End the officer's pause on the account's open case now: the next daily run weighs it again."""
    case = (await uow.session.execute(select(recovery_case_table).where(
        recovery_case_table.c.account_ref == account_ref, recovery_case_table.c.status == "open")
        .with_for_update())).mappings().first()
    if case is None or not paused_on(case["paused_until"], today):
        raise Conflict(f"{account_ref} has no paused case")
    await _set_pause(uow, case, dict.fromkeys(PAUSE_COLUMNS), "unpause", note, officer)
    return case["case_id"]


async def _set_pause(uow: UnitOfWork, case: Any, values: dict[str, Any], action: str, reason: str | None,
                     actor: str | None = None) -> None:
    await uow.session.execute(update(recovery_case_table).where(
        recovery_case_table.c.case_id == case["case_id"]).values(**values))
    await audit.record(uow.session, actor=actor or values["paused_by"], action=action, entity="recovery_case",
                       entity_id=str(case["case_id"]), before=_pause_of(case),
                       after={"account_ref": case["account_ref"], **_pause_of(values)}, reason=reason)


def _pause_of(row: Any) -> dict[str, Any]:
    return {k: (row[k].isoformat() if isinstance(row[k], date) else row[k]) for k in PAUSE_COLUMNS}


async def mark_order_breached(uow: UnitOfWork, account_ref: str) -> None:
    """The terms of the open case's court order were broken: the order becomes enforceable."""
    await uow.session.execute(update(recovery_case_table).where(
        recovery_case_table.c.account_ref == account_ref, recovery_case_table.c.status == "open",
    ).values(order_breached=True))


async def close_on_tenancy_end(event: TenancyTerminatedV1, uow: UnitOfWork) -> None:
    await uow.session.execute(
        update(recovery_case_table)
        .where(recovery_case_table.c.account_ref == event.account_ref, recovery_case_table.c.status == "open")
        .values(status="closed", closed_on=event.end_date, closed_reason="tenancy_ended")
    )


OPEN_CASES = text(f"""
INSERT INTO recovery_case (case_id, account_ref, policy_code, status, opened_on)
SELECT gen_random_uuid(), p.account_ref, m.policy_code, 'open', :today
FROM ({positions.OPEN_IN_ARREARS}) p
JOIN unnest(CAST(:types AS text[]), CAST(:codes AS text[])) AS m(account_type, policy_code)
  ON m.account_type = p.account_type
WHERE NOT EXISTS (SELECT 1 FROM recovery_case c WHERE c.account_ref = p.account_ref AND c.status = 'open')
""")

# A case whose arrears are cleared closes (the next arrears start at the first stage).
CLOSE_CLEARED = text(f"""
UPDATE recovery_case c SET status = 'closed', closed_on = :today, closed_reason = 'cleared'
FROM ({positions.OPEN_CLEARED}) p
WHERE c.account_ref = p.account_ref AND c.status = 'open'
""")


async def open_and_close(session: AsyncSession, today: date, type_policy: dict[str, str]) -> None:
    """The daily run's: a case for every open account in arrears without one (under the
    policy for its type), and close those whose arrears are cleared."""
    await session.execute(OPEN_CASES, {"today": today, "types": list(type_policy),
                                       "codes": list(type_policy.values())})
    await session.execute(CLOSE_CLEARED, {"today": today})
