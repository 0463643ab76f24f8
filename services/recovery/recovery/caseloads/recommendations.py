"""Officers' decisions on the daily run's recommendations: accept one (its stage's
action is recorded on the case) or skip it with one of the skip reasons (a setting)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import select, update

from recovery.caseloads.tables import recommendation_table
from recovery.cases.rules import STAGE_ACTION, ActionRecord
from recovery.cases.service import record_action
from recovery.configuration.settings import chosen_reason
from recovery.errors import Conflict, NotFound
from recovery.policy.definitions import ActionKind
from recovery.policy.queries import load_policies
from shared import audit
from shared.db.unit_of_work import UnitOfWork


async def accept(uow: UnitOfWork, recommendation_id: uuid.UUID, officer: str, today: date,
                 taken_on: date | None = None, served_on: date | None = None, notes: str | None = None) -> uuid.UUID:
    rec_row = await _open_recommendation(uow, recommendation_id)
    if rec_row["hold"]:
        raise Conflict(f"recommendation {recommendation_id} is held back ({rec_row['hold']})")
    policy = (await load_policies(uow.session))[rec_row["policy_code"]][0]
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


async def skip(uow: UnitOfWork, recommendation_id: uuid.UUID, officer: str, reason: str,
               note: str | None = None) -> None:
    """Skip with one of the skip_reasons setting's codes (and a note where it needs one)."""
    rec_row = await _open_recommendation(uow, recommendation_id)
    chosen = await chosen_reason(uow.session, "skip_reasons", reason, note)
    await _decide(uow, recommendation_id, "skipped", officer, chosen.code, note)
    await audit.record(uow.session, actor=officer, action="skip", entity="recommendation",
                       entity_id=str(recommendation_id), before={"stage": rec_row["stage"]},
                       after={"account_ref": rec_row["account_ref"], "skip_reason": chosen.code},
                       reason=f"{chosen.label}: {note}" if note else chosen.label)


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
                  reason: str | None = None, note: str | None = None) -> None:
    await uow.session.execute(
        update(recommendation_table).where(recommendation_table.c.recommendation_id == recommendation_id)
        .values(status=status, decided_by=officer, decided_at=datetime.now(UTC), skip_reason=reason, skip_note=note)
    )
