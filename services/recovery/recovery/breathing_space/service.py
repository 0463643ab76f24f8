"""Register and end Breathing Space moratoriums."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import insert, select, update

from recovery.breathing_space.queries import in_breathing_space
from recovery.breathing_space.rules import MoratoriumType, moratorium_end
from recovery.breathing_space.tables import breathing_space_table as spaces
from recovery.errors import Conflict, NotFound, RecoveryError
from recovery.positions.queries import get_position
from shared import audit
from shared.db.unit_of_work import UnitOfWork


async def register(uow: UnitOfWork, account_ref: str, kind: MoratoriumType, reference: str, start: date,
                   crisis_treatment_ends_on: date | None, actor: str, today: date) -> uuid.UUID:
    position = await get_position(uow.session, account_ref, for_update=True)
    if await in_breathing_space(uow.session, account_ref, start):
        raise Conflict(f"{account_ref} is already in Breathing Space on {start}")
    ends = moratorium_end(kind, start, crisis_treatment_ends_on)
    space_id = uuid.uuid4()
    # Arrears at the start are protected; rent falling due during it is not.
    protected = max(position["balance"], 0)
    await uow.session.execute(insert(spaces).values(
        breathing_space_id=space_id, account_ref=account_ref, kind=kind.value, reference=reference,
        start_date=start, ends_on=ends, crisis_treatment_ends_on=crisis_treatment_ends_on,
        protected_arrears=protected, registered_by=actor,
    ))
    await audit.record(uow.session, actor=actor, action="register", entity="breathing_space",
                       entity_id=str(space_id), after={"account_ref": account_ref, "kind": kind.value,
                                                       "start": start.isoformat(),
                                                       "ends_on": ends.isoformat() if ends else None})
    return space_id


async def update_crisis_end(uow: UnitOfWork, space_id: uuid.UUID, treatment_ends_on: date, actor: str) -> date:
    row = await _get(uow, space_id)
    if row["kind"] != MoratoriumType.MENTAL_HEALTH_CRISIS.value:
        raise RecoveryError("only a mental health crisis moratorium has a treatment end date")
    ends = moratorium_end(MoratoriumType.MENTAL_HEALTH_CRISIS, row["start_date"], treatment_ends_on)
    await uow.session.execute(update(spaces).where(spaces.c.breathing_space_id == space_id)
                              .values(crisis_treatment_ends_on=treatment_ends_on, ends_on=ends))
    await audit.record(uow.session, actor=actor, action="treatment_ended", entity="breathing_space",
                       entity_id=str(space_id), before={"ends_on": str(row["ends_on"])},
                       after={"ends_on": ends.isoformat()})
    return ends


async def end_early(uow: UnitOfWork, space_id: uuid.UUID, ended_on: date, reason: str, actor: str) -> None:
    row = await _get(uow, space_id)
    if row["ended_early_on"] is not None:
        raise Conflict(f"breathing space {space_id} already ended on {row['ended_early_on']}")
    if ended_on < row["start_date"]:
        raise RecoveryError("a moratorium cannot end before it starts")
    await uow.session.execute(update(spaces).where(spaces.c.breathing_space_id == space_id)
                              .values(ended_early_on=ended_on, end_reason=reason))
    await audit.record(uow.session, actor=actor, action="end", entity="breathing_space", entity_id=str(space_id),
                       after={"ended_on": ended_on.isoformat()}, reason=reason)


async def _get(uow: UnitOfWork, space_id: uuid.UUID):
    row = (await uow.session.execute(select(spaces).where(spaces.c.breathing_space_id == space_id)
                                     .with_for_update())).mappings().first()
    if row is None:
        raise NotFound(f"no breathing space {space_id}")
    return row
