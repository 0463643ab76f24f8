"""Input (``extra="forbid"``) and output models of refunds' API. Bank account numbers are
never shown back in full."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from refunds.domain.credit import Payee
from refunds.domain.workflow import Refund
from shared.contracts.types import AccountRef, PaymentMethod, Reason
from shared.money import Money

Digits = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[\d\s-]{6,13}$")]
Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=70)]


class _Input(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RefundReason(StrEnum):
    OVERPAYMENT = "overpayment"
    TENANCY_ENDED = "tenancy_ended"
    BENEFIT_OVERPAID = "benefit_overpaid"
    DUPLICATE_PAYMENT = "duplicate_payment"
    CHARGE_REDUCED = "charge_reduced"
    OTHER = "other"


class RefundCreate(_Input):
    account_ref: AccountRef
    amount: Money
    payee: Payee = Payee.TENANT
    payee_name: Name | None = None
    sort_code: Digits | None = None
    account_number: Digits | None = None
    reason_code: RefundReason
    note: Reason | None = None
    keep_week_waived: bool = Field(False, description="the current tenant asked for the whole credit back")


class RefundReject(_Input):
    reason: Reason


class CheckPublic(BaseModel):
    rule: str
    passed: bool
    detail: str


class ApprovalPublic(BaseModel):
    approver: str
    approver_limit: Money
    approved_at: datetime


class RefundPublic(BaseModel):
    refund_id: uuid.UUID
    account_ref: str
    amount: Money
    payee: str
    payee_name: str | None
    bank_account: str | None = Field(description="sort code and the account number's last four digits")
    reason_code: str
    note: str | None
    keep_week_waived: bool
    status: str
    requested_by: str
    checks: list[CheckPublic]
    approvals: list[ApprovalPublic]
    rejected_reason: str | None
    batch_id: uuid.UUID | None
    paid_on: date | None

    @classmethod
    def of(cls, refund: Refund) -> RefundPublic:
        bank = f"{refund.sort_code} ****{refund.account_number[-4:]}" if refund.sort_code and refund.account_number \
            else None
        return cls(
            refund_id=refund.refund_id, account_ref=refund.account_ref, amount=refund.amount,
            payee=refund.payee.value, payee_name=refund.payee_name, bank_account=bank,
            reason_code=refund.reason_code, note=refund.note, keep_week_waived=refund.keep_week_waived,
            status=refund.status.value, requested_by=refund.requested_by,
            checks=[CheckPublic(**c.as_dict()) for c in refund.checks],
            approvals=[ApprovalPublic(approver=a.approver, approver_limit=a.approver_limit,
                                      approved_at=a.approved_at) for a in refund.approvals],
            rejected_reason=refund.rejected_reason, batch_id=refund.batch_id, paid_on=refund.paid_on,
        )


class OffsetPublic(BaseModel):
    refund: RefundPublic
    transfer_ids: list[uuid.UUID]


class TransitionPublic(BaseModel):
    at: datetime
    actor: str
    action: str
    from_status: str | None
    to_status: str | None
    reason: str | None
    detail: dict[str, Any] | None


class TransferCreate(_Input):
    from_account_ref: AccountRef
    to_account_ref: AccountRef
    amount: Money
    reason: Reason


class TransferPublic(BaseModel):
    transfer_id: uuid.UUID
    from_account_ref: str
    to_account_ref: str
    amount: Money
    reason: str
    requested_by: str
    ledger_posted: bool


class PaymentRunCreate(_Input):
    processing_date: date


class BatchPublic(BaseModel):
    batch_id: uuid.UUID
    processing_date: date
    item_count: int
    total: Money
    file_name: str
    created_by: str
    created_at: datetime


class PaymentRunPublic(BaseModel):
    batch: BatchPublic | None
    paid: list[uuid.UUID]
    held_for_recheck: list[RefundPublic] = Field(description="balance changed since approval and a check failed")


class ReviewCreate(_Input):
    as_of: date | None = None


class ReviewPublic(BaseModel):
    review_id: uuid.UUID
    kind: str
    period: str | None
    as_of: date
    account_count: int
    total_credit: Money
    created_by: str
    created_at: datetime


class ReviewLinePublic(BaseModel):
    account_ref: str
    credit: Money
    action: str
    amount: Money
    payee: str | None
    why: str
    transfers: list[dict[str, str]]


class ReportRow(BaseModel):
    month: str
    reason_code: str
    payee: str
    count: int
    total: Money


class PolicyUpdate(_Input):
    dual_approval_threshold: Money | None = None
    keep_weeks: int | None = Field(None, ge=0, le=8)
    minimum_refund: Money | None = None
    review_day_of_month: int | None = Field(None, ge=1, le=28)
    originator_sort_code: Digits | None = None
    originator_account_number: Digits | None = None
    originator_name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=18)] | None = None
    reason: Reason


class PolicyPublic(BaseModel):
    dual_approval_threshold: Money
    keep_weeks: int
    minimum_refund: Money
    review_day_of_month: int
    originator_bank_account: str | None
    originator_name: str | None
    clearing_days: dict[str, int]
    approval_limits: dict[str, Money]


class ClearingWindowUpdate(_Input):
    days: int = Field(ge=0, le=540)
    reason: Reason


class ApprovalLimitUpdate(_Input):
    max_amount: Money
    reason: Reason


class OverpaymentCreate(_Input):
    claim_reference: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=40)]
    amount: Money
    notified_on: date


class OverpaymentWithdraw(_Input):
    reason: Reason


class OverpaymentPublic(BaseModel):
    overpayment_id: uuid.UUID
    account_ref: str
    claim_reference: str
    amount: Money
    recovered: Money
    notified_on: date
    status: str


ClearingMethod = PaymentMethod
