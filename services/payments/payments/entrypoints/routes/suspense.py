"""The suspense work queue: allocate, split or return unmatched money."""

from __future__ import annotations

import uuid

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from payments.entrypoints.schemas import AllocationResult, SuspenseAllocate, SuspenseReturn
from payments.service_layer import suspense
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, answering, run_once
from shared.web.security import require_roles

router = APIRouter(tags=["suspense"])
RESOLVERS = (Role.INCOME_OFFICER, Role.RENT_OFFICER, Role.SENIOR_OFFICER)


@router.post("/suspense/{suspense_id}/allocate", response_model=AllocationResult)
async def allocate_suspense(
    suspense_id: uuid.UUID, body: SuspenseAllocate, uow: UowDep, key: IdempotencyKey,
    principal: Principal = Depends(require_roles(*RESOLVERS)),
) -> JSONResponse:
    """Allocate the item to one account, or split it over several (amounts sum to the item)."""
    async def action() -> AllocationResult:
        ids = await suspense.allocate(
            uow, suspense_id, [suspense.Allocation(a.account_ref, a.amount) for a in body.allocations],
            principal.actor, body.reason)
        return AllocationResult(suspense_id=suspense_id, status="allocated", payment_ids=ids)

    payload = {"id": suspense_id, **body.model_dump()}
    return await run_once(uow, "suspense.allocate", key, principal, payload, answering(200, action))


@router.post("/suspense/{suspense_id}/return", response_model=AllocationResult)
async def return_suspense(
    suspense_id: uuid.UUID, body: SuspenseReturn, uow: UowDep, key: IdempotencyKey,
    principal: Principal = Depends(require_roles(*RESOLVERS)),
) -> JSONResponse:
    """Return the money to the payer; nothing is posted to any account."""
    async def action() -> AllocationResult:
        await suspense.return_to_payer(uow, suspense_id, principal.actor, body.reason)
        return AllocationResult(suspense_id=suspense_id, status="returned", payment_ids=[])

    payload = {"id": suspense_id, **body.model_dump()}
    return await run_once(uow, "suspense.return", key, principal, payload, answering(200, action))
