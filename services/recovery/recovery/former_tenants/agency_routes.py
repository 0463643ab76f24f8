import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Depends, Path, Query
from sqlalchemy import select

from recovery.access import OFFICERS, READERS, SENIOR
from recovery.former_tenants import agencies
from recovery.former_tenants.schemas import (
    AgencyPerformance,
    AgencyPublic,
    AgencyUpdate,
    HeldCase,
    RecallCreate,
    ReferralBatchCreate,
    ReferralBatchPublic,
)
from recovery.former_tenants.tables import dca_agency_table as agencies_table
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.security import require_roles

router = APIRouter(tags=["debt collection agencies"])
AgencyCode = Annotated[str, Path(pattern=r"^[A-Z0-9_]{2,20}$")]


@router.put("/agencies/{agency_code}", response_model=AgencyPublic)
async def save_agency(agency_code: AgencyCode, body: AgencyUpdate, uow: UowDep,
                      user: Principal = Depends(require_roles(*SENIOR))) -> AgencyPublic:
    async with uow:
        await agencies.save_agency(uow, agency_code, body.name, body.commission_percent, body.active, user.actor)
        await uow.commit()
    return AgencyPublic(agency_code=agency_code, **body.model_dump())


@router.get("/agencies", response_model=list[AgencyPublic])
async def list_agencies(uow: UowDep, _: Principal = Depends(require_roles(*READERS))) -> list[AgencyPublic]:
    async with uow:
        rows = (await uow.session.execute(select(agencies_table).order_by(agencies_table.c.agency_code))).mappings()
        return [AgencyPublic(**r) for r in rows]


@router.post("/agencies/{agency_code}/referral-batches", response_model=ReferralBatchPublic, status_code=201)
async def refer(agency_code: AgencyCode, body: ReferralBatchCreate, uow: UowDep,
                user: Principal = Depends(require_roles(*OFFICERS))) -> ReferralBatchPublic:
    """Place eligible former tenant arrears with the agency (less what the benefit may still pay); the
    answer carries the export file (CSV) and the cases held back by their benefit check."""
    async with uow:
        batch_id, export, held = await agencies.refer_batch(uow, agency_code, body.referred_on, body.min_balance,
                                                            body.limit, body.fta_ids, user.actor)
        await uow.commit()
    return ReferralBatchPublic(batch_id=batch_id, referrals=export.count("\n") - 1, export_csv=export,
                               held=[HeldCase(**h) for h in held])


@router.post("/referrals/{referral_id}/recall", status_code=204)
async def recall(referral_id: uuid.UUID, body: RecallCreate, uow: UowDep,
                 user: Principal = Depends(require_roles(*OFFICERS))) -> None:
    async with uow:
        await agencies.recall(uow, referral_id, body.recalled_on, body.reason, user.actor)
        await uow.commit()


@router.get("/agencies/performance", response_model=list[AgencyPerformance])
async def performance(uow: UowDep, from_date: Annotated[date, Query(alias="from")],
                      to_date: Annotated[date, Query(alias="to")],
                      _: Principal = Depends(require_roles(*READERS))) -> list[AgencyPerformance]:
    """Collections, recalls and commission per agency over the period, side by side."""
    async with uow:
        return [AgencyPerformance(**r) for r in await agencies.performance(uow, from_date, to_date)]
