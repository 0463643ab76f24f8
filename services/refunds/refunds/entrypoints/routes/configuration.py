"""The refund policy (clearing windows, approval limits, thresholds, the paying bank
account) and housing benefit overpayments waiting to be recovered. Changes are audited."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable

from fastapi import APIRouter, Depends
from sqlalchemy import select

from refunds.adapters import repository as repo
from refunds.adapters.orm import hb_overpayment_table, refund_policy_table
from refunds.entrypoints.routes.access import CONFIGURERS, READERS, check_account
from refunds.entrypoints.schemas import (
    ApprovalLimitUpdate,
    ClearingMethod,
    ClearingWindowUpdate,
    OverpaymentCreate,
    OverpaymentPublic,
    OverpaymentWithdraw,
    PolicyPublic,
    PolicyUpdate,
)
from refunds.service_layer import configuration
from shared.auth.principal import Principal, Role
from shared.bank_details import BankDetailsError, validate_uk_account
from shared.contracts.types import AccountRef
from shared.web.app import UowDep
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["configuration"])
RECORDERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.SENIOR_OFFICER, Role.SYSTEM)
LIMITED_ROLES = {Role.SENIOR_OFFICER, Role.FINANCE_APPROVER, Role.ADMIN}


async def _policy(uow) -> PolicyPublic:
    policy = await repo.load_policy(uow.session)
    row = (await uow.session.execute(select(refund_policy_table))).one()
    bank = f"{row.originator_sort_code} ****{row.originator_account_number[-4:]}" if row.originator_sort_code \
        else None
    return PolicyPublic(
        dual_approval_threshold=policy.dual_approval_threshold, keep_weeks=policy.keep_weeks,
        minimum_refund=policy.minimum_refund, review_day_of_month=policy.review_day_of_month,
        originator_bank_account=bank, originator_name=row.originator_name,
        clearing_days=policy.clearing_days, approval_limits=policy.approval_limits)


async def _changed(uow, change: Callable[[], Awaitable[None]]) -> PolicyPublic:
    async with uow:
        await change()
        await uow.commit()
        return await _policy(uow)


@router.get("/config/refund-policy", response_model=PolicyPublic)
async def get_policy(uow: UowDep, _: Principal = Depends(require_roles(*READERS))) -> PolicyPublic:
    async with uow:
        return await _policy(uow)


@router.put("/config/refund-policy", response_model=PolicyPublic)
async def update_policy(body: PolicyUpdate, uow: UowDep, who: Principal = Depends(require_roles(*CONFIGURERS))
                        ) -> PolicyPublic:
    changes = body.model_dump(exclude_none=True, exclude={"reason"})
    for money in ("dual_approval_threshold", "minimum_refund"):
        value = getattr(body, money)
        if value is not None:
            if value < 0:
                raise ProblemError(422, "Request refused", f"{money} must not be negative")
            changes[money] = value.amount
    if {"originator_sort_code", "originator_account_number"} & changes.keys():
        try:
            bank = validate_uk_account(body.originator_sort_code or "", body.originator_account_number or "")
        except BankDetailsError as exc:
            raise ProblemError(422, "Request refused", f"originating account: {exc}") from None
        changes.update(originator_sort_code=bank.sort_code, originator_account_number=bank.account_number)
    return await _changed(uow, lambda: configuration.set_policy(uow, changes, who.actor, body.reason))


@router.put("/config/clearing-windows/{method}", response_model=PolicyPublic,
            summary="Days a payment by this method can still be reversed (DD indemnity, card chargeback)")
async def set_clearing_window(method: ClearingMethod, body: ClearingWindowUpdate, uow: UowDep,
                              who: Principal = Depends(require_roles(*CONFIGURERS))) -> PolicyPublic:
    return await _changed(uow, lambda: configuration.set_clearing_window(uow, method.value, body.days, who.actor,
                                                                         body.reason))


@router.put("/config/approval-limits/{role}", response_model=PolicyPublic,
            summary="The largest refund a user with this role may approve")
async def set_approval_limit(role: Role, body: ApprovalLimitUpdate, uow: UowDep,
                             who: Principal = Depends(require_roles(*CONFIGURERS))) -> PolicyPublic:
    if role not in LIMITED_ROLES or body.max_amount < 0:
        raise ProblemError(422, "Request refused",
                           f"approval limits are for {', '.join(sorted(LIMITED_ROLES))} and must not be negative")
    return await _changed(uow, lambda: configuration.set_approval_limit(uow, role.value, body.max_amount, who.actor,
                                                                        body.reason))


@router.post("/accounts/{account_ref}/hb-overpayments", response_model=OverpaymentPublic, status_code=201,
             summary="Record an HB overpayment notified by the benefits service (blocks refunds until recovered)")
async def record_overpayment(account_ref: AccountRef, body: OverpaymentCreate, uow: UowDep,
                             who: Principal = Depends(require_roles(*RECORDERS))) -> OverpaymentPublic:
    if body.amount <= 0:
        raise ProblemError(422, "Request refused", "the overpayment amount must be more than zero")
    async with uow:
        await check_account(uow, who, account_ref)
        overpayment_id = await configuration.record_hb_overpayment(
            uow, account_ref, body.claim_reference, body.amount, body.notified_on, who.actor)
        await uow.commit()
        return await _overpayment(uow, overpayment_id)


@router.get("/accounts/{account_ref}/hb-overpayments", response_model=list[OverpaymentPublic])
async def list_overpayments(account_ref: str, uow: UowDep, who: Principal = Depends(require_roles(*READERS))
                            ) -> list[OverpaymentPublic]:
    t = hb_overpayment_table
    async with uow:
        await check_account(uow, who, account_ref)
        rows = (await uow.session.execute(select(t).where(t.c.account_ref == account_ref)
                                          .order_by(t.c.notified_on))).mappings().all()
    return [OverpaymentPublic(**r) for r in rows]


@router.post("/hb-overpayments/{overpayment_id}/withdraw", response_model=OverpaymentPublic)
async def withdraw_overpayment(overpayment_id: uuid.UUID, body: OverpaymentWithdraw, uow: UowDep,
                               who: Principal = Depends(require_roles(*RECORDERS))) -> OverpaymentPublic:
    async with uow:
        account_ref = (await uow.session.execute(select(hb_overpayment_table.c.account_ref).where(
            hb_overpayment_table.c.overpayment_id == overpayment_id))).scalar_one_or_none()
        if account_ref is not None:
            await check_account(uow, who, account_ref)
        await configuration.withdraw_hb_overpayment(uow, overpayment_id, who.actor, body.reason)
        await uow.commit()
        return await _overpayment(uow, overpayment_id)


async def _overpayment(uow, overpayment_id: uuid.UUID) -> OverpaymentPublic:
    t = hb_overpayment_table
    row = (await uow.session.execute(select(t).where(t.c.overpayment_id == overpayment_id))).mappings().one()
    return OverpaymentPublic(**row)
