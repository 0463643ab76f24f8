"""Manual adjustments and transfers (Idempotency-Key; maker-checker above the threshold)."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import select

from billing.access import STAFF_READ, authorised_account
from billing.adjustments import service
from billing.adjustments.rules import signed_amount
from billing.adjustments.schemas import AdjustmentCreate, AdjustmentPublic, Decision, TransferCreate
from billing.adjustments.service import RequestAdjustment
from billing.adjustments.tables import adjustment_table as adjustments
from shared.auth.principal import Principal, Role
from shared.db.unit_of_work import UnitOfWork
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, run_once
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(tags=["adjustments"])

MAKERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.SENIOR_OFFICER)

CHECKERS = (Role.SENIOR_OFFICER, Role.FINANCE_APPROVER)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return AdjustmentPublic(**{k: row[k] for k in AdjustmentPublic.model_fields}).model_dump(mode="json")


async def _idempotent(
    uow: UnitOfWork, scope: str, key: str, user: Principal, payload: Any,
    act: Callable[[], Awaitable[dict[str, Any]]],
) -> JSONResponse:
    async def answer() -> tuple[int, dict[str, Any]]:
        row = await act()
        status = 202 if row["status"] == "pending_approval" else 200 if scope == "decision" else 201
        return status, _public(row)

    return await run_once(uow, scope, key, user, payload, answer)


@router.post("/accounts/{account_ref}/adjustments", response_model=AdjustmentPublic, status_code=201,
             responses={202: {"description": "Above the threshold: waits for approval by another user"}})
async def create_adjustment(
    account_ref: str, body: AdjustmentCreate, uow: UowDep, idempotency_key: IdempotencyKey,
    user: Principal = Depends(require_roles(*MAKERS)),
) -> JSONResponse:
    cmd = RequestAdjustment(kind="adjustment", account_ref=account_ref,
                            amount=signed_amount(body.direction, body.amount), reason_code=body.reason_code,
                            reason=body.reason, effective_date=body.effective_date or date.today(), actor=user.actor)
    payload = {"account_ref": account_ref, **body.model_dump(mode="json")}

    async def act() -> dict[str, Any]:
        await authorised_account(uow.session, user, account_ref)
        return await service.request(uow, cmd)

    return await _idempotent(uow, "adjustment", idempotency_key, user, payload, act)


@router.post("/transfers", response_model=AdjustmentPublic, status_code=201,
             responses={202: {"description": "Above the threshold: waits for approval by another user"}})
async def create_transfer(
    body: TransferCreate, uow: UowDep, idempotency_key: IdempotencyKey,
    user: Principal = Depends(require_roles(*MAKERS)),
) -> JSONResponse:
    cmd = RequestAdjustment(kind="transfer", account_ref=body.from_account_ref, to_account_ref=body.to_account_ref,
                            amount=signed_amount("debit", body.amount), reason_code=body.reason_code,
                            reason=body.reason, effective_date=body.effective_date or date.today(), actor=user.actor)
    async def act() -> dict[str, Any]:
        for ref in (body.from_account_ref, body.to_account_ref):
            await authorised_account(uow.session, user, ref)
        return await service.request(uow, cmd)

    return await _idempotent(uow, "transfer", idempotency_key, user, body.model_dump(mode="json"), act)


@router.get("/adjustments", response_model=list[AdjustmentPublic])
async def list_adjustments(
    uow: UowDep, status: str | None = None, limit: Limit = 100, _: Principal = Depends(require_roles(*STAFF_READ))
) -> list[dict[str, Any]]:
    query = select(adjustments).order_by(adjustments.c.requested_at).limit(limit)
    if status:
        query = query.where(adjustments.c.status == status)
    async with uow:
        return [_public(dict(r)) for r in (await uow.session.execute(query)).mappings()]


@router.post("/adjustments/{adjustment_id}/approve", response_model=AdjustmentPublic,
             summary="Approve and post (a different user from the requester)")
async def approve(
    adjustment_id: uuid.UUID, body: Decision, uow: UowDep, idempotency_key: IdempotencyKey,
    user: Principal = Depends(require_roles(*CHECKERS)),
) -> JSONResponse:
    payload = {"approve": str(adjustment_id), **body.model_dump()}
    return await _idempotent(uow, "decision", idempotency_key, user, payload,
                             lambda: service.approve(uow, adjustment_id, user.actor, body.note))


@router.post("/adjustments/{adjustment_id}/reject", response_model=AdjustmentPublic)
async def reject(
    adjustment_id: uuid.UUID, body: Decision, uow: UowDep, user: Principal = Depends(require_roles(*CHECKERS))
) -> dict[str, Any]:
    async with uow:
        row = await service.reject(uow, adjustment_id, user.actor, body.note)
        await uow.commit()
    return _public(row)
