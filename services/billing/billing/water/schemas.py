from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel

from billing.rent_review.schemas import Rate
from billing.schema_types import InputModel, Reason
from shared.money import Money


class WaterAgreementCreate(InputModel):
    effective_from: date
    void_allowance_rate: Rate
    commission_rate: Rate
    basis: Literal["collected", "debited"] = "collected"
    reason: Reason


class WaterAgreementPublic(BaseModel):
    effective_from: date
    void_allowance_rate: Decimal
    commission_rate: Decimal
    basis: str
    set_by: str
    set_at: datetime
    reason: str


class WaterReconciliationCreate(InputModel):
    period_from: date
    period_to: date
    payment_due: date


class WaterReconciliationPublic(BaseModel):
    reconciliation_id: uuid.UUID
    period_from: date
    period_to: date
    agreement: dict[str, str]
    figures: dict[str, Any]
    payable: Money
    payment_due: date
    created_by: str
    created_at: datetime


class WaterLinePublic(BaseModel):
    account_ref: str
    debited: Money
    water_debited: Money
    receipts: Money
    water_collected: Money
