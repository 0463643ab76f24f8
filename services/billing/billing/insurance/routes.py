"""Home contents insurance: opt in or out per tenancy, and the insurer's report."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends

from billing.access import STAFF_READ, authorised_tenancy
from billing.insurance import service as insurance
from billing.insurance.schemas import CoverPublic, InsuranceOptIn, InsuranceOptOut, InsurerReport
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, run_once
from shared.web.security import require_roles

router = APIRouter(tags=["insurance"])

CHANGERS = (Role.RENT_OFFICER, Role.SENIOR_OFFICER)


async def _covers(uow: Any, tenancy_ref: str) -> list[dict[str, Any]]:
    return [CoverPublic(**c).model_dump(mode="json") for c in await insurance.covers_of(uow.session, tenancy_ref)]


@router.post("/tenancies/{tenancy_ref}/insurance", response_model=list[CoverPublic],
             summary="Opt in: the weekly premium is charged by the weekly debit from the start date")
async def opt_in(tenancy_ref: str, body: InsuranceOptIn, uow: UowDep, idempotency_key: IdempotencyKey,
                 user: Principal = Depends(require_roles(*CHANGERS))) -> Any:
    async def act() -> tuple[int, Any]:
        await authorised_tenancy(uow, user, tenancy_ref)
        await insurance.opt_in(uow, tenancy_ref, body.starts_on, body.weekly_premium, body.sum_insured, user.actor)
        return 201, await _covers(uow, tenancy_ref)

    payload = {"tenancy_ref": tenancy_ref, **body.model_dump(mode="json")}
    return await run_once(uow, "insurance-opt-in", idempotency_key, user, payload, act)


@router.post("/tenancies/{tenancy_ref}/insurance/opt-out", response_model=list[CoverPublic],
             summary="Opt out: cover and premium end after last_day")
async def opt_out(tenancy_ref: str, body: InsuranceOptOut, uow: UowDep, idempotency_key: IdempotencyKey,
                  user: Principal = Depends(require_roles(*CHANGERS))) -> Any:
    async def act() -> tuple[int, Any]:
        await authorised_tenancy(uow, user, tenancy_ref)
        await insurance.opt_out(uow, tenancy_ref, body.last_day, body.reason, user.actor)
        return 200, await _covers(uow, tenancy_ref)

    payload = {"tenancy_ref": tenancy_ref, **body.model_dump(mode="json")}
    return await run_once(uow, "insurance-opt-out", idempotency_key, user, payload, act)


@router.get("/tenancies/{tenancy_ref}/insurance", response_model=list[CoverPublic])
async def list_covers(tenancy_ref: str, uow: UowDep, user: Principal = Depends(require_roles(*STAFF_READ))) -> Any:
    async with uow:
        await authorised_tenancy(uow, user, tenancy_ref)
        return await _covers(uow, tenancy_ref)


@router.get("/reports/insurance", response_model=InsurerReport,
            summary="For the insurer: tenancies insured in the period, the premiums charged to them and "
                    "the premiums collected")
async def insurer_report(date_from: date, date_to: date, uow: UowDep,
                         _: Principal = Depends(require_roles(*STAFF_READ))) -> InsurerReport:
    async with uow:
        return InsurerReport(**await insurance.insurer_report(uow.session, date_from, date_to))
