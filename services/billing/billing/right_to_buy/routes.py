"""Right to Buy casework: rules, applications and their statutory stages."""

import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query

from billing.access import STAFF_READ, authorised_tenancy
from billing.leasehold import rules as service_charges
from billing.right_to_buy import rules as rtb
from billing.right_to_buy import service
from billing.right_to_buy.schemas import (
    RtbApplicationCreate,
    RtbApplicationPublic,
    RtbCompletion,
    RtbDenial,
    RtbOffer,
    RtbRulesIn,
    RtbRulesPublic,
    StageDate,
)
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, run_once
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(tags=["right to buy"])

CASEWORKERS = (Role.RENT_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER)

STATUSES = "^(received|acknowledged|admitted|denied|offered|completed|withdrawn)$"


@router.get("/rtb-rules", response_model=RtbRulesPublic, summary="Discount rules, cash caps and stage deadlines")
async def get_rules(uow: UowDep, _: Principal = Depends(require_roles(*STAFF_READ))) -> RtbRulesPublic:
    async with uow:
        version, rules = await service.current_rules(uow.session)
    return RtbRulesPublic(version=version, rules=rules)


@router.put("/rtb-rules", response_model=RtbRulesPublic, summary="A new version of the rules (audited)")
async def put_rules(body: RtbRulesIn, uow: UowDep,
                    user: Principal = Depends(require_roles(Role.SENIOR_OFFICER, Role.ADMIN))) -> RtbRulesPublic:
    raw = body.model_dump(mode="json", exclude={"reason"})
    async with uow:
        version = await service.set_rules(uow, raw, body.reason, user.actor)
        await uow.commit()
    return RtbRulesPublic(version=version, rules=raw)


async def _public(uow: Any, application_id: uuid.UUID, as_at: date | None = None) -> RtbApplicationPublic:
    app = await service.get(uow.session, application_id)
    stages = rtb.stages(await service.rules(uow.session), service.stage_dates(app), as_at or date.today())
    return RtbApplicationPublic(**app, stages=[vars(s) for s in stages],
                                overdue=[s.name for s in stages if s.status == "overdue"])


@router.post("/rtb-applications", status_code=201, response_model=RtbApplicationPublic,
             summary="Record an RTB1 and check eligibility from the tenancy history")
async def apply(body: RtbApplicationCreate, uow: UowDep,
                user: Principal = Depends(require_roles(*CASEWORKERS))) -> RtbApplicationPublic:
    async with uow:
        await authorised_tenancy(uow, user, body.tenancy_ref)
        application_id = await service.apply(uow, service.Application(
            tenancy_ref=body.tenancy_ref, rtb1_received_on=body.rtb1_received_on, applicants=body.applicants,
            actor=user.actor, property_form=body.property_form, region=body.region,
            other_landlord_periods=[rtb.TenancyPeriod(p.starts, p.ends, p.landlord)
                                    for p in body.other_landlord_periods],
            possession_order=body.possession_order, bankruptcy_pending=body.bankruptcy_pending))
        await uow.commit()
        return await _public(uow, application_id)


@router.get("/rtb-applications", response_model=list[RtbApplicationPublic],
            summary="Applications with their stages; overdue=true lists only those with an overdue stage")
async def list_applications(
    uow: UowDep, limit: Limit = 100, status: str | None = Query(None, pattern=STATUSES),
    overdue: bool = False, as_at: date | None = None, _: Principal = Depends(require_roles(*STAFF_READ)),
) -> list[RtbApplicationPublic]:
    async with uow:
        rows = await service.listing(uow.session, status, limit if not overdue else 10_000)
        found = [await _public(uow, row["application_id"], as_at) for row in rows]
    return [a for a in found if a.overdue or not overdue][:limit]


@router.get("/rtb-applications/{application_id}", response_model=RtbApplicationPublic)
async def get_application(application_id: uuid.UUID, uow: UowDep, as_at: date | None = None,
                          _: Principal = Depends(require_roles(*STAFF_READ))) -> RtbApplicationPublic:
    async with uow:
        return await _public(uow, application_id, as_at)


async def _stage(uow: Any, application_id: uuid.UUID, user: Principal, action: Any) -> RtbApplicationPublic:
    async with uow:
        app = await service.get(uow.session, application_id)
        await authorised_tenancy(uow, user, app["tenancy_ref"])
        await action()
        await uow.commit()
        return await _public(uow, application_id)


@router.post("/rtb-applications/{application_id}/acknowledge", response_model=RtbApplicationPublic)
async def acknowledge(application_id: uuid.UUID, body: StageDate, uow: UowDep,
                      user: Principal = Depends(require_roles(*CASEWORKERS))) -> RtbApplicationPublic:
    return await _stage(uow, application_id, user,
                        lambda: service.acknowledge(uow, application_id, body.on, user.actor))


@router.post("/rtb-applications/{application_id}/admit", response_model=RtbApplicationPublic,
             summary="Admit the right (RTB2); refused while an eligibility check fails")
async def admit(application_id: uuid.UUID, body: StageDate, uow: UowDep,
                user: Principal = Depends(require_roles(*CASEWORKERS))) -> RtbApplicationPublic:
    return await _stage(uow, application_id, user, lambda: service.admit(uow, application_id, body.on, user.actor))


@router.post("/rtb-applications/{application_id}/deny", response_model=RtbApplicationPublic,
             summary="Deny the right (RTB2); the reason defaults to the failed eligibility checks")
async def deny(application_id: uuid.UUID, body: RtbDenial, uow: UowDep,
               user: Principal = Depends(require_roles(*CASEWORKERS))) -> RtbApplicationPublic:
    return await _stage(uow, application_id, user,
                        lambda: service.deny(uow, application_id, body.on, body.reason, user.actor))


@router.post("/rtb-applications/{application_id}/offer", response_model=RtbApplicationPublic,
             summary="The Section 125 offer: price, discount with its working, service charge estimate")
async def offer(application_id: uuid.UUID, body: RtbOffer, uow: UowDep,
                user: Principal = Depends(require_roles(*CASEWORKERS))) -> RtbApplicationPublic:
    works = [rtb.Works(w.description, w.year, w.amount) for w in body.works]
    return await _stage(uow, application_id, user, lambda: service.offer(
        uow, application_id, body.on, body.valuation, body.cost_floor, body.previous_discount, works, user.actor))


@router.post("/rtb-applications/{application_id}/withdraw", response_model=RtbApplicationPublic)
async def withdraw(application_id: uuid.UUID, body: StageDate, uow: UowDep,
                   user: Principal = Depends(require_roles(*CASEWORKERS))) -> RtbApplicationPublic:
    return await _stage(uow, application_id, user,
                        lambda: service.withdraw(uow, application_id, body.on, user.actor))


@router.post("/rtb-applications/{application_id}/complete", response_model=RtbApplicationPublic,
             summary="Completion: the tenancy ends the day before (normal termination); a flat's "
                     "leasehold account opens with its lease (scheme, share, ground rent)")
async def complete(application_id: uuid.UUID, body: RtbCompletion, uow: UowDep, idempotency_key: IdempotencyKey,
                   user: Principal = Depends(require_roles(*CASEWORKERS))) -> Any:
    async def act() -> tuple[int, Any]:
        app = await service.get(uow.session, application_id)
        await authorised_tenancy(uow, user, app["tenancy_ref"])
        lease = service_charges.Lease(body.lease.scheme_ref, body.lease.share,
                                      body.lease.ground_rent_annual) if body.lease else None
        await service.complete(uow, application_id, body.on, lease, user.actor)
        return 200, (await _public(uow, application_id)).model_dump(mode="json")

    payload = {"application_id": str(application_id), **body.model_dump(mode="json")}
    return await run_once(uow, "rtb-complete", idempotency_key, user, payload, act)
