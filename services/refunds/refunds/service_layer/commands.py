"""What staff ask refunds to do."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from refunds.domain.credit import Payee
from shared.money import Money


@dataclass(frozen=True)
class RequestRefund:
    account_ref: str
    amount: Money
    payee: Payee
    payee_name: str | None
    sort_code: str | None
    account_number: str | None
    reason_code: str
    note: str | None
    keep_week_waived: bool
    actor: str


@dataclass(frozen=True)
class ApproveRefund:
    refund_id: uuid.UUID
    actor: str
    roles: frozenset[str]


@dataclass(frozen=True)
class RejectRefund:
    refund_id: uuid.UUID
    reason: str
    actor: str


@dataclass(frozen=True)
class RequestTransfer:
    from_account_ref: str
    to_account_ref: str
    amount: Money
    reason: str
    actor: str
    refund_id: uuid.UUID | None = None


@dataclass(frozen=True)
class PayApprovedRefunds:
    processing_date: date
    actor: str
