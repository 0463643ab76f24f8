from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from billing.errors import NotFound
from billing.lettings import changes as tenancy_changes
from billing.lettings import service as tenancy_service
from billing.tenancies import queries as tenancies_queries
from billing.tenancies.commands import StartTenancy
from billing.tenancies.rules import Tenant
from billing.tenancies.schemas import (
    JointToSole,
    MovedTenancy,
    MutualExchange,
    Succession,
    TenancyCreate,
    TenancyCreated,
    Termination,
    TerminationPublic,
    Transfer,
)
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, run_once
from shared.web.security import require_roles

router = APIRouter(prefix="/tenancies", tags=["tenancies"])

CHANGERS = (Role.RENT_OFFICER, Role.SENIOR_OFFICER)


@router.post("", status_code=201, response_model=TenancyCreated)
async def start_tenancy(
    body: TenancyCreate,
    uow: UowDep,
    user: Principal = Depends(require_roles(Role.RENT_OFFICER, Role.SENIOR_OFFICER)),
) -> TenancyCreated:
    cmd = StartTenancy(
        tenancy_ref=body.tenancy_ref,
        property_ref=body.property_ref,
        tenure=body.tenure,
        start_date=body.start_date,
        tenants=[Tenant(**t.model_dump()) for t in body.tenants],
        charges={c.charge_type: c.weekly_amount for c in body.charges},
        actor=user.actor,
    )
    async with uow:
        account_ref = await tenancy_service.start_tenancy(cmd, uow)
        await uow.commit()
    return TenancyCreated(tenancy_ref=body.tenancy_ref, account_ref=account_ref)


def _moved(moved: tenancy_changes.Moved) -> dict[str, Any]:
    return MovedTenancy(**vars(moved)).model_dump(mode="json")


@router.post("/{tenancy_ref}/succession", status_code=204, summary="A successor takes over the tenancy")
async def succession(
    tenancy_ref: str, body: Succession, uow: UowDep, user: Principal = Depends(require_roles(*CHANGERS))
) -> None:
    async with uow:
        await tenancy_changes.succeed(uow, tenancy_ref, Tenant(**(body.successor.model_dump() | {"is_lead": True})),
                                      body.effective_date, body.reason, user.actor)
        await uow.commit()


@router.post("/{tenancy_ref}/joint-to-sole", status_code=204, summary="A joint tenancy becomes a sole tenancy")
async def joint_to_sole(
    tenancy_ref: str, body: JointToSole, uow: UowDep, user: Principal = Depends(require_roles(*CHANGERS))
) -> None:
    async with uow:
        await tenancy_changes.joint_to_sole(uow, tenancy_ref, body.remaining_person_id, body.effective_date,
                                            body.reason, user.actor)
        await uow.commit()


@router.post("/{tenancy_ref}/terminate", response_model=TerminationPublic,
             summary="End the tenancy: pro-rated final week, account closed, TenancyTerminated")
async def terminate(
    tenancy_ref: str, body: Termination, uow: UowDep, idempotency_key: IdempotencyKey,
    user: Principal = Depends(require_roles(*CHANGERS)),
) -> JSONResponse:
    async def act() -> tuple[int, Any]:
        ended = await tenancy_changes.terminate(uow, tenancy_ref, body.end_date, body.reason, user.actor,
                                                body.forwarding_address)
        return 200, TerminationPublic(**vars(ended)).model_dump(mode="json")

    payload = {"tenancy_ref": tenancy_ref, **body.model_dump(mode="json")}
    return await run_once(uow, "terminate", idempotency_key, user, payload, act)


@router.post("/{tenancy_ref}/transfer", response_model=MovedTenancy, status_code=201,
             summary="Move the household to another home; the balance moves by journal")
async def transfer(
    tenancy_ref: str, body: Transfer, uow: UowDep, idempotency_key: IdempotencyKey,
    user: Principal = Depends(require_roles(*CHANGERS)),
) -> JSONResponse:
    move = tenancy_changes.Move(tenancy_ref, body.new_tenancy_ref, body.new_property_ref, body.start_date,
                                {c.charge_type: c.weekly_amount for c in body.charges}, body.tenure)

    async def act() -> tuple[int, Any]:
        return 201, _moved(await tenancy_changes.transfer(uow, move, body.reason, user.actor))

    payload = {"tenancy_ref": tenancy_ref, **body.model_dump(mode="json")}
    return await run_once(uow, "transfer-tenancy", idempotency_key, user, payload, act)


exchange_router = APIRouter(prefix="/mutual-exchanges", tags=["tenancies"])


@exchange_router.post("", response_model=list[MovedTenancy], status_code=201,
                      summary="Two households swap homes; each balance goes with its household")
async def mutual_exchange(
    body: MutualExchange, uow: UowDep, idempotency_key: IdempotencyKey,
    user: Principal = Depends(require_roles(*CHANGERS)),
) -> JSONResponse:
    async def act() -> tuple[int, Any]:
        props = {}
        for ref in (body.tenancy_a, body.tenancy_b):
            found = await tenancies_queries.tenancy(uow.session, ref)
            if found is None:
                raise NotFound(f"tenancy {ref} does not exist")
            props[ref] = found["property_ref"]
        charges_a = await tenancy_changes.current_charges(uow, body.tenancy_a, body.exchange_date)
        charges_b = await tenancy_changes.current_charges(uow, body.tenancy_b, body.exchange_date)
        a = tenancy_changes.Move(body.tenancy_a, body.new_tenancy_ref_a, props[body.tenancy_b], body.exchange_date,
                                 charges_b)
        b = tenancy_changes.Move(body.tenancy_b, body.new_tenancy_ref_b, props[body.tenancy_a], body.exchange_date,
                                 charges_a)
        moved = await tenancy_changes.mutual_exchange(uow, a, b, body.reason, user.actor)
        return 201, [_moved(m) for m in moved]

    return await run_once(uow, "mutual-exchange", idempotency_key, user, body.model_dump(mode="json"), act)
