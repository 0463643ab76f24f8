from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.types import Reason
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
    source: str | None = None
    resolved_by: str | None = None
    resolved_at: datetime | None = None
    resolution: str | None = None


class IncomeFilePublic(BaseModel):
    file_id: uuid.UUID
    format: str
    filename: str
    source_system: str
    origin: str
    status: str
    received_by: str
    received_at: datetime
    finished_at: datetime | None
    rejection_reason: str | None
    records: int
    accepted: int
    rejected: int
    unmatched: int
    duplicates: int
    accepted_amount: Money
    unmatched_amount: Money


class IncomeFileLinePublic(BaseModel):
    record_no: int = Field(description="the record's place in the file (an XML line may hold several records)")
    line_no: int
    outcome: str
    reason: str
    reference: str | None
    amount: Money | None


class AllocationIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_ref: str = Field(min_length=5, max_length=15)
    amount: Money


class SuspenseAllocate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    allocations: list[AllocationIn] = Field(min_length=1, max_length=20)
    reason: Reason


class SuspenseReturn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


class AllocationResult(BaseModel):
    suspense_id: uuid.UUID
    status: str
    payment_ids: list[uuid.UUID]


class SettingChange(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Any
    reason: Reason
