"""Events published by refunds: credit balances out, transfers between debts."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import Field

from shared.contracts.envelope import EventData
from shared.contracts.types import AccountRef
from shared.money import Money


class _Refunds(EventData):
    producer = "refunds"


class RefundApprovedV1(_Refunds):
    event_type = "RefundApproved"
    summary = "A refund passed its checks and its approvals."

    refund_id: uuid.UUID
    account_ref: AccountRef
    amount: Money
    payee: str = Field(description="tenant, housing_benefit, universal_credit, other")
    approved_by: list[str]
    approved_on: date


class RefundIssuedV1(_Refunds):
    event_type = "RefundIssued"
    summary = "A refund was paid out; billing posts the debit."

    refund_id: uuid.UUID
    account_ref: AccountRef
    amount: Money = Field(description="Amount paid out, positive")
    payee: str
    paid_on: date
    batch_id: uuid.UUID
    reason: str
    requested_by: str | None = Field(None, description="who asked for the refund (added later: optional)")
    approved_by: list[str] = Field(default_factory=list, description="who approved it (maker-checker)")


class RefundRejectedV1(_Refunds):
    event_type = "RefundRejected"
    summary = "A refund request was rejected."

    refund_id: uuid.UUID
    account_ref: AccountRef
    amount: Money
    reason: str
    rejected_by: str


class CreditTransferRequestedV1(_Refunds):
    event_type = "CreditTransferRequested"
    summary = "Move credit from one account to another debt of the same person."

    transfer_id: uuid.UUID
    from_account_ref: AccountRef
    to_account_ref: AccountRef
    amount: Money = Field(description="Amount moved, positive")
    reason: str
    requested_by: str

    def aggregate_key(self) -> str:
        return self.from_account_ref
