"""API models for Right to Buy, the void register and home contents insurance."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints, model_validator

from billing.leasehold.schemas import LeaseTerms
from billing.schema_types import InputModel, Ref, Text
from shared.contracts.types import Tenure
from shared.money import Money

Percent = Annotated[Decimal, Field(ge=0, le=100, max_digits=5, decimal_places=2)]

Region = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=60)]

Weeks = Annotated[int, Field(ge=1, le=52)]


# --- Right to Buy ----------------------------------------------------------------------


class DiscountRuleIn(InputModel):
    base_percent: Percent
    base_years: int = Field(ge=0, le=50)
    per_year_percent: Percent
    max_percent: Percent


class RtbRulesIn(InputModel):
    min_qualifying_years: int = Field(ge=0, le=50)
    house: DiscountRuleIn
    flat: DiscountRuleIn
    cash_caps: dict[Region, Money] = Field(min_length=1, max_length=400)
    default_region: Region
    eligible_tenures: list[Tenure] = Field(min_length=1)
    excluded_property_types: list[Text] = Field(default_factory=list)
    acknowledgement_days: int = Field(ge=1, le=90)
    admission_weeks: Weeks
    admission_weeks_other_landlord: Weeks
    offer_weeks_house: Weeks
    offer_weeks_flat: Weeks
    completion_weeks: Weeks
    service_charge_reference_years: int = Field(ge=1, le=10)
    service_charge_uplift_percent: Percent
    reason: Text

    @model_validator(mode="after")
    def _caps(self) -> RtbRulesIn:
        if self.default_region not in self.cash_caps:
            raise ValueError(f"default_region {self.default_region!r} must be one of the cash_caps regions")
        if any(cap <= 0 for cap in self.cash_caps.values()):
            raise ValueError("every cash cap must be more than zero")
        return self


class RtbRulesPublic(BaseModel):
    version: int
    rules: dict[str, Any]


class OtherLandlordPeriod(InputModel):
    landlord: Text
    starts: date
    ends: date

    @model_validator(mode="after")
    def _order(self) -> OtherLandlordPeriod:
        if self.ends < self.starts:
            raise ValueError("ends is before starts")
        return self


class RtbApplicationCreate(InputModel):
    tenancy_ref: Ref
    rtb1_received_on: date
    applicants: list[Ref] = Field(min_length=1, max_length=4)
    property_form: Literal["house", "flat"] | None = None
    region: Region | None = None
    other_landlord_periods: list[OtherLandlordPeriod] = Field(default_factory=list, max_length=20)
    possession_order: bool = False
    bankruptcy_pending: bool = False


class StageDate(InputModel):
    on: date


class RtbCompletion(InputModel):
    on: date
    lease: LeaseTerms | None = Field(
        default=None, description="A flat (required): the lease granted on completion, in its block or estate's "
                                  "service charge scheme with its share and ground rent; a house: none (freehold)")


class RtbDenial(InputModel):
    on: date
    reason: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)] | None = None


class WorksIn(InputModel):
    description: Text
    year: int = Field(ge=1, le=10)
    amount: Money


class RtbOffer(InputModel):
    on: date
    valuation: Money
    cost_floor: Money | None = None
    previous_discount: Money | None = None
    works: list[WorksIn] = Field(default_factory=list, max_length=50)


class StagePublic(BaseModel):
    name: str
    due_on: date | None
    done_on: date | None
    status: str


class RtbApplicationPublic(BaseModel):
    application_id: uuid.UUID
    property_ref: str
    tenancy_ref: str
    account_ref: str
    rtb1_received_on: date
    applicants: list[str]
    property_form: str
    region: str
    other_landlord_periods: list[dict[str, Any]]
    declarations: dict[str, Any]
    eligibility: dict[str, Any]
    status: str
    denial_reason: str | None
    valuation: Money | None
    cost_floor: Money | None
    discount: dict[str, Any] | None
    service_charge_estimate: dict[str, Any] | None
    leasehold_account_ref: str | None
    stages: list[StagePublic]
    overdue: list[str]
