"""Refund requests: ask, check, approve (maker-checker), reject, offset debts; the
queues of refunds waiting at each step; each refund's audited history."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import select

from refunds.adapters import repository as repo
from refunds.domain.workflow import Status
from refunds.entrypoints.routes.access import APPROVERS, READERS, REQUESTERS, check_account, check_refund
from refunds.entrypoints.schemas import OffsetPublic, RefundCreate, RefundPublic, RefundReject, TransitionPublic
from refunds.service_layer import refund_requests
from refunds.service_layer.commands import ApproveRefund, RejectRefund, RequestRefund
from shared.auth.principal import Principal
from shared.bank_details import normalise_account_number, normalise_sort_code
from shared.db.platform_tables import audit_table
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, run_once
from shared.web.pagination import Limit
from shared.web.patch_access import limited_patches
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["refunds"])


def _digits(value: str | None, normalise: Any, field: str) -> str | None:
    if value is None:
        return None
    try:
        return normalise(value)
    except ValueError as exc:
        raise ProblemError(422, "Request refused", f"{field}: {exc}", type_="urn:rent:problem:bank-details") from None


@router.post("/refunds", status_code=201, response_model=RefundPublic, summary="Request a refund (runs the checks)")
async def request_refund(
    body: RefundCreate, uow: UowDep, key: IdempotencyKey, who: Principal = Depends(require_roles(*REQUESTERS)),
) -> JSONResponse:
    cmd = RequestRefund(
        account_ref=body.account_ref, amount=body.amount, payee=body.payee, payee_name=body.payee_name,
        sort_code=_digits(body.sort_code, normalise_sort_code, "sort_code"),
        account_number=_digits(body.account_number, normalise_account_number, "account_number"),
        reason_code=body.reason_code.value, note=body.note, keep_week_waived=body.keep_week_waived, actor=who.actor,
    )

    async def run() -> tuple[int, Any]:
        await check_account(uow, who, body.account_ref)
        refund = await refund_requests.request_refund(cmd, uow)
        return 201, RefundPublic.of(refund).model_dump(mode="json")

    return await run_once(uow, "refunds:request", key, who, body.model_dump(mode="json"), run)


@router.get("/refunds", response_model=list[RefundPublic], summary="Refunds at a status, oldest first")
async def list_refunds(
    uow: UowDep, status: Status, limit: Limit = 100, who: Principal = Depends(require_roles(*READERS)),
) -> list[RefundPublic]:
    async with uow:
        refunds = await repo.refunds_with_status(uow.session, status, limit=limit, patches=limited_patches(who))
    return [RefundPublic.of(r) for r in refunds]


class Step(StrEnum):
    TO_CHECK = "to-check"  # requested: a check failed, or not yet run
    TO_APPROVE = "to-approve"  # checked: every check passed, approvals outstanding
    TO_PAY = "to-pay"  # approved: goes in the next payment batch


STEP_STATUS = {Step.TO_CHECK: Status.REQUESTED, Step.TO_APPROVE: Status.CHECKED, Step.TO_PAY: Status.APPROVED}


@router.get("/queues/{step}", response_model=list[RefundPublic], summary="The refunds waiting at a step")
async def queue(
    step: Step, uow: UowDep, limit: Limit = 100, who: Principal = Depends(require_roles(*READERS)),
) -> list[RefundPublic]:
    """``to-approve`` leaves out refunds this user requested or already approved: they may not approve them."""
    mine_excluded = who.actor if step == Step.TO_APPROVE else None
    async with uow:
        refunds = await repo.refunds_with_status(uow.session, STEP_STATUS[step], limit=limit,
                                                 approvable_by=mine_excluded, patches=limited_patches(who))
    return [RefundPublic.of(r) for r in refunds]


@router.get("/refunds/{refund_id}", response_model=RefundPublic)
async def get_refund(
    refund_id: uuid.UUID, uow: UowDep, who: Principal = Depends(require_roles(*READERS)),
) -> RefundPublic:
    async with uow:
        await check_refund(uow, who, refund_id)
        return RefundPublic.of(await repo.get_refund(uow.session, refund_id))


@router.get("/refunds/{refund_id}/history", response_model=list[TransitionPublic],
            summary="Every request, check and transition: who, when, from, to and why")
async def history(
    refund_id: uuid.UUID, uow: UowDep, who: Principal = Depends(require_roles(*READERS)),
) -> list[TransitionPublic]:
    async with uow:
        await check_refund(uow, who, refund_id)
        await repo.get_refund(uow.session, refund_id)
        rows = (await uow.session.execute(
            select(audit_table).where(audit_table.c.entity == "refund", audit_table.c.entity_id == str(refund_id))
            .order_by(audit_table.c.id))).mappings().all()
    return [TransitionPublic(at=r["at"], actor=r["actor"], action=r["action"],
                             from_status=(r["before"] or {}).get("status"), to_status=(r["after"] or {}).get("status"),
                             reason=r["reason"], detail=r["after"]) for r in rows]


@router.post("/refunds/{refund_id}/check", response_model=RefundPublic, summary="Run the checks again")
async def recheck(
    refund_id: uuid.UUID, uow: UowDep, who: Principal = Depends(require_roles(*REQUESTERS, *APPROVERS)),
) -> RefundPublic:
    async with uow:
        await check_refund(uow, who, refund_id)
        refund = await refund_requests.recheck(refund_id, who.actor, uow)
        await uow.commit()
    return RefundPublic.of(refund)


@router.post("/refunds/{refund_id}/approve", response_model=RefundPublic,
             summary="Approve (not the requester; within your limit; two approvers above the threshold)")
async def approve(
    refund_id: uuid.UUID, uow: UowDep, key: IdempotencyKey, who: Principal = Depends(require_roles(*APPROVERS)),
) -> JSONResponse:
    async def run() -> tuple[int, Any]:
        await check_refund(uow, who, refund_id)
        refund, approvable = await refund_requests.approve(ApproveRefund(refund_id, who.actor, who.roles), uow)
        if not approvable:
            failed = "; ".join(f"{c.rule}: {c.detail}" for c in refund.failed_checks)
            return 409, {"type": "urn:rent:problem:recheck-failed", "title": "Conflict", "status": 409,
                         "detail": f"the balance changed since the checks ran and they now fail ({failed})",
                         "refund": RefundPublic.of(refund).model_dump(mode="json")}
        return 200, RefundPublic.of(refund).model_dump(mode="json")

    return await run_once(uow, f"refunds:approve:{refund_id}", key, who, {"refund_id": str(refund_id)}, run)


@router.post("/refunds/{refund_id}/reject", response_model=RefundPublic)
async def reject(
    refund_id: uuid.UUID, body: RefundReject, uow: UowDep,
    who: Principal = Depends(require_roles(*REQUESTERS, *APPROVERS)),
) -> RefundPublic:
    async with uow:
        await check_refund(uow, who, refund_id)
        refund = await refund_requests.reject(RejectRefund(refund_id, body.reason, who.actor), uow)
        await uow.commit()
    return RefundPublic.of(refund)


@router.post("/refunds/{refund_id}/offset-debts", response_model=OffsetPublic,
             summary="Transfer the credit to the same person's other debts first, then re-check")
async def offset_debts(
    refund_id: uuid.UUID, uow: UowDep, key: IdempotencyKey,
    who: Principal = Depends(require_roles(*REQUESTERS, *APPROVERS)),
) -> JSONResponse:
    async def run() -> tuple[int, Any]:
        await check_refund(uow, who, refund_id)
        refund, transfer_ids = await refund_requests.offset_debts(refund_id, who.actor, uow)
        return 200, OffsetPublic(refund=RefundPublic.of(refund), transfer_ids=transfer_ids).model_dump(mode="json")

    return await run_once(uow, f"refunds:offset:{refund_id}", key, who, {"refund_id": str(refund_id)}, run)
