"""The void properties register: manual voids and the council tax / rent-loss report
(voids from tenancy ends and new lettings are recorded automatically)."""

import uuid
from datetime import date

from fastapi import APIRouter, Depends

from billing.access import STAFF_READ
from billing.voids import service as voids
from billing.voids.schemas import VoidCreate, VoidEnd, VoidRegister
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.security import require_roles

router = APIRouter(tags=["voids"])

RECORDERS = (Role.RENT_OFFICER, Role.SENIOR_OFFICER)


@router.post("/voids", status_code=201, summary="Record a void by hand (e.g. major works)")
async def record_void(body: VoidCreate, uow: UowDep,
                      user: Principal = Depends(require_roles(*RECORDERS))) -> dict[str, uuid.UUID]:
    async with uow:
        void_id = await voids.record_void(uow, body.property_ref, body.starts_on, body.reason, body.note,
                                          body.weekly_charges, user.actor)
        await uow.commit()
    return {"void_id": void_id}


@router.post("/voids/{void_id}/end", status_code=204, summary="End a void recorded by hand")
async def end_void(void_id: uuid.UUID, body: VoidEnd, uow: UowDep,
                   user: Principal = Depends(require_roles(*RECORDERS))) -> None:
    async with uow:
        await voids.end_void(uow, void_id, body.ends_on, user.actor)
        await uow.commit()


@router.get("/reports/voids", response_model=VoidRegister,
            summary="Voids in a period: days empty (council tax) and rent lost, per void and in total")
async def void_register(date_from: date, date_to: date, uow: UowDep, property_ref: str | None = None,
                        _: Principal = Depends(require_roles(*STAFF_READ))) -> VoidRegister:
    async with uow:
        return VoidRegister(**await voids.register(uow.session, date_from, date_to, property_ref))
