"""Officers' work on a case: accept or skip a recommendation, record actions and
outcomes. Breathing Space and the pre-action protocol are enforced here."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import func, insert, select, update

from recovery.adapters import repository as repo
from recovery.adapters.orm import case_action_table, recommendation_table, recovery_case_table
from recovery.domain.actions import (
    COURT_ACTIONS,
    STAGE_ACTION,
    STARTS_WAIT,
    TERMS_ORDERS,
    ActionRecord,
    CourtOrder,
    RecordedAction,
    notice_dates,
)
from recovery.domain.exceptions import Blocked, Conflict, NotFound, RecoveryError
from recovery.domain.policy import ActionKind, PolicyBody, StageRule
from recovery.domain.pre_action import missing_steps
from recovery.service_layer import arrangements, configuration, former_tenants, letters
from shared import audit
from shared.contracts.recovery import CourtCaseUpdatedV1, RecoveryActionTakenV1
from shared.db.unit_of_work import UnitOfWork


async def record_action(uow: UnitOfWork, case_id: uuid.UUID, rec: ActionRecord, today: date,
                        recommendation_id: uuid.UUID | None = None,
                        letter_figures: dict[str, Any] | None = None) -> uuid.UUID:
    case = await repo.get_case(uow.session, case_id, for_update=True)
    if case["status"] != "open":
        raise Conflict(f"case {case_id} is {case['status']}")
    rec.validate(today)
    policy = (await configuration.load_policies(uow.session))[case["policy_code"]][0]
    stage = policy.stage(rec.stage) if rec.stage else None
    if rec.stage and stage is None:
        raise RecoveryError(f"policy {case['policy_code']} has no stage {rec.stage}")
    rec.check_possession((await repo.get_position(uow.session, case["account_ref"]))["account_type"])
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
    if rec.is_blocked_by_breathing_space(stage) and await repo.in_breathing_space(
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
    return missing_steps({a["action"] for a in await repo.actions_on(uow.session, case_id)})


def _details(rec: ActionRecord) -> dict[str, Any]:
    fields = {"letter_type": rec.letter_type, "served_on": rec.served_on, "hearing_date": rec.hearing_date,
              "order": rec.order, "terms_weekly": rec.terms_weekly, "possession_date": rec.possession_date,
              "eviction_date": rec.eviction_date}
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
    if rec.order in TERMS_ORDERS and rec.terms_weekly is not None:
        await arrangements.arrangement_from_order(uow, case["account_ref"], rec.terms_weekly, rec.taken_on, rec.officer)


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


async def accept(uow: UnitOfWork, recommendation_id: uuid.UUID, officer: str, today: date,
                 taken_on: date | None = None, served_on: date | None = None, notes: str | None = None) -> uuid.UUID:
    rec_row = await _open_recommendation(uow, recommendation_id)
    if rec_row["hold"]:
        raise Conflict(f"recommendation {recommendation_id} is held back ({rec_row['hold']})")
    policy = (await configuration.load_policies(uow.session))[rec_row["policy_code"]][0]
    stage = policy.stage(rec_row["stage"])
    if stage is None:
        raise Conflict(f"stage {rec_row['stage']} is no longer in policy {rec_row['policy_code']}")
    when = taken_on or today
    record = ActionRecord(
        action=STAGE_ACTION[stage.action], taken_on=when, officer=officer, stage=stage.code,
        letter_type=stage.letter_type, notes=notes,
        served_on=(served_on or when) if stage.action is ActionKind.NOTICE else None,
    )
    figures = {"payer_profile": rec_row["payer_profile"], "arrears": rec_row["arrears"],
               "weeks_in_arrears": rec_row["weeks_in_arrears"]}
    action_id = await record_action(uow, rec_row["case_id"], record, today, recommendation_id, figures)
    await _decide(uow, recommendation_id, "accepted", officer)
    return action_id


async def skip(uow: UnitOfWork, recommendation_id: uuid.UUID, officer: str, reason: str) -> None:
    rec_row = await _open_recommendation(uow, recommendation_id)
    await _decide(uow, recommendation_id, "skipped", officer, reason)
    await audit.record(uow.session, actor=officer, action="skip", entity="recommendation",
                       entity_id=str(recommendation_id), before={"stage": rec_row["stage"]}, reason=reason)


async def _open_recommendation(uow: UnitOfWork, recommendation_id: uuid.UUID) -> Any:
    row = (await uow.session.execute(
        select(recommendation_table).where(recommendation_table.c.recommendation_id == recommendation_id)
        .with_for_update()
    )).mappings().first()
    if row is None:
        raise NotFound(f"no recommendation {recommendation_id}")
    if row["status"] not in ("open", "held"):
        raise Conflict(f"recommendation {recommendation_id} is already {row['status']}")
    return row


async def _decide(uow: UnitOfWork, recommendation_id: uuid.UUID, status: str, officer: str,
                  reason: str | None = None) -> None:
    await uow.session.execute(
        update(recommendation_table).where(recommendation_table.c.recommendation_id == recommendation_id)
        .values(status=status, decided_by=officer, decided_at=datetime.now(UTC), skip_reason=reason)
    )
