import uuid
from datetime import date

from fastapi import APIRouter, Depends
from sqlalchemy import select

from recovery.access import OFFICERS, READERS
from recovery.former_tenants import service as former_tenants
from recovery.former_tenants.schemas import (
    AcknowledgementCreate,
    BenefitCheckCreate,
    FtaLetterCreate,
    FtaPublic,
    TraceCreate,
    TracePublic,
    TraceResultCreate,
)
from recovery.former_tenants.tables import fta_case_table as fta
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(tags=["former tenant arrears"])


@router.get("/fta", response_model=list[FtaPublic])
async def list_cases(uow: UowDep, status: str = "open", limit: Limit = 100,
                     _: Principal = Depends(require_roles(*READERS))) -> list[FtaPublic]:
    async with uow:
        rows = (await uow.session.execute(select(fta).where(fta.c.status == status)
                                          .order_by(fta.c.tenancy_ended_on.desc()).limit(limit))).mappings().all()
        return [FtaPublic(**await former_tenants.view(uow, r, date.today())) for r in rows]


@router.get("/fta/{fta_id}", response_model=FtaPublic)
async def get_case(fta_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*READERS))) -> FtaPublic:
    """The case with its limitation date (6 years from the last payment or acknowledgement)."""
    async with uow:
        row = await former_tenants.get_case(uow, fta_id)
        return FtaPublic(**await former_tenants.view(uow, row, date.today()))


@router.post("/fta/{fta_id}/acknowledgements", response_model=FtaPublic)
async def acknowledge(fta_id: uuid.UUID, body: AcknowledgementCreate, uow: UowDep,
                      user: Principal = Depends(require_roles(*OFFICERS))) -> FtaPublic:
    async with uow:
        await former_tenants.acknowledge(uow, fta_id, body.acknowledged_on, body.how, user.actor, date.today())
        await uow.commit()
        return FtaPublic(**await former_tenants.view(uow, await former_tenants.get_case(uow, fta_id), date.today()))


@router.post("/fta/{fta_id}/benefit-check", response_model=FtaPublic)
async def benefit_check(fta_id: uuid.UUID, body: BenefitCheckCreate, uow: UowDep,
                        user: Principal = Depends(require_roles(*OFFICERS))) -> FtaPublic:
    """Record that Housing Benefit/UC was checked as paid up to the correct end date, with what
    is still to come from it if the benefits service confirmed a figure (not chased from the
    former tenant). Until a required check is done, letters, agency referral and write-off
    proposals for the case are held."""
    async with uow:
        await former_tenants.record_benefit_check(uow, fta_id, body.note, body.benefit_due, user.actor, date.today())
        await uow.commit()
        return FtaPublic(**await former_tenants.view(uow, await former_tenants.get_case(uow, fta_id), date.today()))


@router.post("/fta/{fta_id}/traces", response_model=TracePublic, status_code=201)
async def request_trace(fta_id: uuid.UUID, body: TraceCreate, uow: UowDep,
                        user: Principal = Depends(require_roles(*OFFICERS))) -> TracePublic:
    async with uow:
        trace_id = await former_tenants.request_trace(uow, fta_id, body.method, body.requested_on, user.actor)
        await uow.commit()
        return next(TracePublic(**t) for t in await former_tenants.traces_of(uow, fta_id) if t["trace_id"] == trace_id)


@router.post("/traces/{trace_id}/result", status_code=204)
async def trace_result(trace_id: uuid.UUID, body: TraceResultCreate, uow: UowDep,
                       user: Principal = Depends(require_roles(*OFFICERS))) -> None:
    async with uow:
        await former_tenants.record_trace_result(uow, trace_id, body.found, body.address, body.result_on, user.actor)
        await uow.commit()


@router.get("/fta/{fta_id}/traces", response_model=list[TracePublic])
async def traces(fta_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*READERS))) -> list[TracePublic]:
    async with uow:
        return [TracePublic(**t) for t in await former_tenants.traces_of(uow, fta_id)]


@router.post("/fta/{fta_id}/letters", status_code=201)
async def send_letter(fta_id: uuid.UUID, body: FtaLetterCreate, uow: UowDep,
                      user: Principal = Depends(require_roles(*OFFICERS))) -> dict:
    """Request the former tenant arrears letter (refused during Breathing Space)."""
    async with uow:
        request_id = await former_tenants.send_letter(uow, fta_id, date.today(), body.pay_by, user.actor)
        await uow.commit()
    return {"request_id": str(request_id)}
