from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel

from shared.money import Money


class PaymentPublic(BaseModel):
    payment_id: uuid.UUID
    source_system: str
    external_id: str
    account_ref: str | None
    reference_given: str
    amount: Money
    method: str
    channel: str
    received_on: date
    source: str
    status: str


class SuspensePublic(BaseModel):
    suspense_id: uuid.UUID
    payment_id: uuid.UUID
    reference_given: str
    amount: Money
    method: str
    received_on: date
    reason: str
    status: str
