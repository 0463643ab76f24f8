"""Billing's API models: XCreate for input (unknown fields refused), XPublic for output."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints, field_validator

from billing.schema_types import InputModel, Ref, Text
from shared.contracts.types import AccountType, ChargeType, Postcode, Tenure
from shared.money import Money


class PropertyCreate(InputModel):
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


class TenantIn(InputModel):
    person_id: Ref
    name: Text
    is_lead: bool = False
    email: Annotated[str, StringConstraints(max_length=200, pattern=r"^[^@\s]+@[^@\s]+$")] | None = None
    mobile: Annotated[str, StringConstraints(pattern=r"^\+?[0-9 ]{10,15}$")] | None = None


class ChargeIn(InputModel):
    charge_type: ChargeType
    weekly_amount: Money = Field(description="0.00 or more")

    @field_validator("weekly_amount")
    @classmethod
    def _not_negative(cls, value: Money) -> Money:
        # A credit is an adjustment, never a negative charge (the table refuses one too).
        if value < 0:
            raise ValueError("weekly_amount must not be negative")
        return value


class TenancyCreate(InputModel):
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


# --- charges and tenancy changes ------------------------------------------------


class ChargeChange(InputModel):
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


class Succession(InputModel):
    effective_date: date
    successor: TenantIn
    reason: Text


class JointToSole(InputModel):
    effective_date: date
    remaining_person_id: Ref
    reason: Text


class Termination(InputModel):
    end_date: date
    reason: Text
    forwarding_address: list[Text] = Field(default_factory=list, max_length=6)


class TerminationPublic(BaseModel):
    tenancy_ref: str
    account_ref: str
    end_date: date
    final_balance: Money


class Transfer(InputModel):
    """Move the tenants to another property: the old tenancy ends the day before."""

    new_tenancy_ref: Ref
    new_property_ref: Ref
    start_date: date
    tenure: Tenure | None = None
    charges: list[ChargeIn] = Field(default_factory=list, max_length=12)
    reason: Text


class MutualExchange(InputModel):
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


class AccountCreate(InputModel):
    """A garage, sundry, insurance or leasehold account (rent accounts open with a tenancy)."""

    account_type: Annotated[str, StringConstraints(pattern=r"^(garage|sundry|insurance|leasehold)$")]
    opened_on: date
    property_ref: Ref | None = None
    person_ids: list[Ref] = Field(min_length=1, max_length=6)
    charges: list[ChargeIn] = Field(default_factory=list, max_length=12)
    reason: Text
