"""Direct Debit request and response bodies."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from shared.calendar import Frequency
from shared.contracts.types import Reason
from shared.money import Money


class MandateCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    account_ref: str = Field(min_length=5, max_length=15)
    payer_name: str = Field(min_length=1, max_length=60)
    sort_code: str = Field(min_length=6, max_length=8)
    account_number: str = Field(min_length=6, max_length=10)
    frequency: Frequency
    collection_day: int = Field(description="monthly: day of month 1-28; otherwise weekday 0 (Mon) - 4 (Fri)")
    first_collection: date | None = Field(default=None, description="default: the earliest the notice allows")


class MandateBankDetails(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sort_code: str = Field(min_length=6, max_length=8)
    account_number: str = Field(min_length=6, max_length=10)
    payer_name: str | None = Field(default=None, max_length=60)
    reason: Reason


class MandateCancel(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


class MandatePublic(BaseModel):
    mandate_id: uuid.UUID
    mandate_ref: str
    account_ref: str
    frequency: str
    collection_day: int
    first_collection: date
    status: str
    sort_code_masked: str
    account_number_masked: str
    cancelled_on: date | None
    cancel_reason: str | None


class CollectionPublic(BaseModel):
    collection_id: uuid.UUID
    due_date: date
    amount: Money
    txn_code: str
    status: str
    file_id: uuid.UUID | None


class BacsFileRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    on: date = Field(description="AUDDIS: the processing date; collections: the collection (entry) date")


class BacsFilePublic(BaseModel):
    file_id: uuid.UUID
    serial: int = Field(description="the file serial in its VOL1/HDR1 labels (shown modulo 1,000,000)")
    kind: str
    processing_date: date
    records: int
    total_amount: Money
    created_by: str
    created_at: datetime
