"""Billing's API models: XCreate for input (unknown fields refused), XPublic for output."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.contracts.types import AccountType, ChargeType, Postcode, PostingType, Tenure
from shared.money import Money

Ref = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^[A-Za-z0-9\-/]{1,30}$")]
Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PropertyCreate(_In):
    property_ref: Ref
    address: list[Text] = Field(min_length=1, max_length=6)
    postcode: Postcode
    patch: Ref
    area: Ref
    property_type: Annotated[str, StringConstraints(pattern=r"^(house|flat|maisonette|bungalow|bedsit|room|garage)$")]
    bedrooms: int = Field(ge=0, le=12)


class PropertyPublic(BaseModel):
    property_ref: str
    address: list[str]
    postcode: str
    patch: str
    area: str
    property_type: str
    bedrooms: int


class TenantIn(_In):
    person_id: Ref
    name: Text
    is_lead: bool = False
    email: Annotated[str, StringConstraints(max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")] | None = None
    mobile: Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ]{10,15}$")] | None = None


class ChargeIn(_In):
    charge_type: ChargeType
    weekly_amount: Money


class TenancyCreate(_In):
    tenancy_ref: Ref
    property_ref: Ref
    tenure: Tenure
    start_date: date
    tenants: list[TenantIn] = Field(min_length=1, max_length=6)
    charges: list[ChargeIn] = Field(default_factory=list, max_length=12)


class TenancyCreated(BaseModel):
    tenancy_ref: str
    account_ref: str


class AccountPublic(BaseModel):
    account_ref: str
    account_type: AccountType
    status: str
    balance: Money
    last_seq: int
    opened_on: date
    closed_on: date | None
    tenancy_ref: str | None
    property_ref: str | None
    patch: str | None


class PostingPublic(BaseModel):
    posting_id: uuid.UUID
    account_seq: int
    posting_type: PostingType
    amount: Money
    balance_after: Money
    effective_date: date
    rent_year: int | None
    rent_week: int | None
    charge_type: ChargeType | None
    source: str
    reason: str | None
    posted_by: str
    posted_at: datetime
