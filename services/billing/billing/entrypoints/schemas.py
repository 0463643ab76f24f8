"""Billing's API models: XCreate for input (unknown fields refused), XPublic for output."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

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
    weekly_amount: Money = Field(description="0.00 or more")

    @field_validator("weekly_amount")
    @classmethod
    def _not_negative(cls, value: Money) -> Money:
        # A credit is an adjustment, never a negative charge (the table refuses one too).
        if value < 0:
            raise ValueError("weekly_amount must not be negative")
        return value


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
    channel: str | None = None


# --- charges and tenancy changes ------------------------------------------------


class ChargeChange(_In):
    effective_from: date
    charges: list[ChargeIn] = Field(min_length=1, max_length=12,
                                    description="New weekly amounts from the date; 0.00 ends a charge")
    reason: Text


class ChargePublic(BaseModel):
    charge_type: ChargeType
    weekly_amount: Money
    benefit_eligible: bool
    effective_from: date
    effective_to: date | None
    reason: str
    created_by: str


class Succession(_In):
    effective_date: date
    successor: TenantIn
    reason: Text


class JointToSole(_In):
    effective_date: date
    remaining_person_id: Ref
    reason: Text


class Termination(_In):
    end_date: date
    reason: Text
    forwarding_address: list[Text] = Field(default_factory=list, max_length=6)


class TerminationPublic(BaseModel):
    tenancy_ref: str
    account_ref: str
    end_date: date
    final_balance: Money


class Transfer(_In):
    """Move the tenants to another property: the old tenancy ends the day before."""

    new_tenancy_ref: Ref
    new_property_ref: Ref
    start_date: date
    tenure: Tenure | None = None
    charges: list[ChargeIn] = Field(default_factory=list, max_length=12)
    reason: Text


class MutualExchange(_In):
    """Two tenancies swap homes from a date; each household's balance goes with it."""

    tenancy_a: Ref
    tenancy_b: Ref
    new_tenancy_ref_a: Ref = Field(description="A's household at B's property")
    new_tenancy_ref_b: Ref = Field(description="B's household at A's property")
    exchange_date: date
    reason: Text


class MovedTenancy(BaseModel):
    old_tenancy_ref: str
    old_account_ref: str
    new_tenancy_ref: str
    new_account_ref: str
    balance_moved: Money


# --- adjustments and transfers --------------------------------------------------


class AdjustmentCreate(_In):
    direction: Annotated[str, StringConstraints(pattern=r"^(debit|credit)$")]
    amount: Money = Field(description="Positive; the direction gives the sign")
    reason_code: str
    reason: Text
    effective_date: date | None = None


class TransferCreate(_In):
    from_account_ref: Ref
    to_account_ref: Ref
    amount: Money = Field(description="Positive: credit moved out of from_account into to_account")
    reason_code: str
    reason: Text
    effective_date: date | None = None


class Decision(_In):
    note: Text


class AdjustmentPublic(BaseModel):
    adjustment_id: uuid.UUID
    kind: str
    status: str
    account_ref: str
    to_account_ref: str | None
    amount: Money
    reason_code: str
    reason: str
    effective_date: date
    requested_by: str
    decided_by: str | None
    decision_note: str | None


# --- debit runs and configuration -----------------------------------------------


class DebitRunCreate(_In):
    rent_year: int = Field(ge=2000, le=2100)
    rent_week: int = Field(ge=1, le=53)


class DebitRunPublic(BaseModel):
    run_id: uuid.UUID
    rent_year: int
    rent_week: int
    week_starts: date
    status: str
    requested_by: str
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    accounts_total: int
    accounts_done: int
    postings_count: int
    amount_posted: Money
    batches: int
    error: str | None


class RentFreeWeekIn(_In):
    week: int = Field(ge=1, le=53)
    reason: Text


class RentFreeWeeks(_In):
    weeks: list[RentFreeWeekIn] = Field(max_length=10)
    reason: Text


class RentWeekPublic(BaseModel):
    number: int
    starts: date
    ends: date
    rent_free: bool
    rent_free_reason: str | None = None


class RentYearPublic(BaseModel):
    rent_year: int
    starts: date
    ends: date
    week_count: int
    collectable_weeks: int
    closed: bool
    weeks: list[RentWeekPublic]


class SettingUpdate(_In):
    value: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    reason: Text


class SettingPublic(BaseModel):
    key: str
    value: str
    description: str


# --- statements and reports ----------------------------------------------------


class BalancePublic(BaseModel):
    account_ref: str
    as_at: date
    balance: Money


class StatementPublic(BaseModel):
    account_ref: str
    date_from: date
    date_to: date
    opening_balance: Money
    debits: Money
    credits: Money
    closing_balance: Money
    postings: list[PostingPublic]


class BandPublic(BaseModel):
    band: str
    accounts: int
    total: Money


class WeekTotalPublic(BaseModel):
    rent_year: int
    rent_week: int
    debits: Money
    credits: Money
    postings: int


class ControlTotalPublic(BaseModel):
    posting_type: str
    postings: int
    debits: Money
    credits: Money
    net: Money


class YearEndPublic(BaseModel):
    rent_year: int
    closed_by: str
    closed_at: datetime
    accounts: int
    opening: Money
    debits: Money
    credits: Money
    closing: Money
    balanced: bool
    control_totals: list[ControlTotalPublic]


class YearEndAccountPublic(BaseModel):
    account_ref: str
    opening: Money
    debits: Money
    credits: Money
    closing: Money


class AccountCreate(_In):
    """A garage, sundry, insurance or leasehold account (rent accounts open with a tenancy)."""

    account_type: Annotated[str, StringConstraints(pattern=r"^(garage|sundry|insurance|leasehold)$")]
    opened_on: date
    property_ref: Ref | None = None
    person_ids: list[Ref] = Field(min_length=1, max_length=6)
    charges: list[ChargeIn] = Field(default_factory=list, max_length=12)
    reason: Text
