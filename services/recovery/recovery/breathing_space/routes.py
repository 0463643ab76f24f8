import uuid
from datetime import date

from fastapi import APIRouter, Depends
from sqlalchemy import select

from recovery.access import OFFICERS, READERS, authorise_account
from recovery.breathing_space import service as breathing_space
from recovery.breathing_space.schemas import (
    BreathingSpaceCreate,
    BreathingSpaceEnd,
    BreathingSpacePublic,
    TreatmentEndCreate,
)
from recovery.breathing_space.tables import breathing_space_table as spaces
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.security import require_roles

router = APIRouter(tags=["breathing space"])


async def _one(uow, space_id: uuid.UUID) -> BreathingSpacePublic:
    row = (await uow.session.execute(select(spaces).where(spaces.c.breathing_space_id == space_id))).mappings().one()
    return BreathingSpacePublic(**row)


@router.post("/accounts/{account_ref}/breathing-space", response_model=BreathingSpacePublic, status_code=201)
async def register(account_ref: str, body: BreathingSpaceCreate, uow: UowDep,
                   user: Principal = Depends(require_roles(*OFFICERS))) -> BreathingSpacePublic:
    """Standard (60 days) or mental health crisis (treatment + 30 days) moratorium."""
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        space_id = await breathing_space.register(uow, account_ref, body.kind, body.reference, body.start_date,
                                                  body.crisis_treatment_ends_on, user.actor, date.today())
        await uow.commit()
        return await _one(uow, space_id)


@router.post("/breathing-spaces/{space_id}/treatment-end", response_model=BreathingSpacePublic)
async def treatment_end(space_id: uuid.UUID, body: TreatmentEndCreate, uow: UowDep,
                        user: Principal = Depends(require_roles(*OFFICERS))) -> BreathingSpacePublic:
    async with uow:
        await breathing_space.update_crisis_end(uow, space_id, body.treatment_ends_on, user.actor)
        await uow.commit()
        return await _one(uow, space_id)


@router.post("/breathing-spaces/{space_id}/end", response_model=BreathingSpacePublic)
async def end(space_id: uuid.UUID, body: BreathingSpaceEnd, uow: UowDep,
              user: Principal = Depends(require_roles(*OFFICERS))) -> BreathingSpacePublic:
    async with uow:
        await breathing_space.end_early(uow, space_id, body.ended_on, body.reason, user.actor)
        await uow.commit()
        return await _one(uow, space_id)


@router.get("/accounts/{account_ref}/breathing-space", response_model=list[BreathingSpacePublic])
async def account_spaces(account_ref: str, uow: UowDep,
                         user: Principal = Depends(require_roles(*READERS))) -> list[BreathingSpacePublic]:
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        rows = (await uow.session.execute(select(spaces).where(spaces.c.account_ref == account_ref)
                                          .order_by(spaces.c.start_date))).mappings().all()
    return [BreathingSpacePublic(**r) for r in rows]
