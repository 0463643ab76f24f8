"""Former tenant arrears', traces' and agencies' HTTP models: input (XCreate, XUpdate) and output (XPublic)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from recovery.schema_types import Input, Line, Text
from shared.money import Money


class BenefitCheckPublic(BaseModel):
    """Was HB/UC paid up to the end date (from the credits' periods), and what may still
    come from it: that much is not chased from the former tenant."""

    status: str = Field(description="required (HB/UC was in payment at the end; chasing waits for the check), "
                                    "not_applicable or done")
    paid_to: date | None = Field(description="The last day an HB/UC credit's period covers (None: none known)")
    paid_to_end: bool | None
    days_unpaid: int = Field(description="Days after paid_to up to the tenancy's end date")
    days_paid_beyond_end: int
    estimated_due: Money = Field(description="Benefit for the unpaid days at the latest credit's rate")
    estimated_overpaid: Money = Field(description="Benefit paid for days after the end (the council may recover it)")
    confirmed_due: Money | None = Field(description="What the officer confirmed is still to come, at the check")
    still_due: Money = Field(description="Held back from chasing: confirmed_due less HB/UC credited since the "
                                         "check, else estimated_due; at most the balance")
    checked_by: str | None
    checked_on: date | None


class FtaPublic(BaseModel):
    fta_id: uuid.UUID
    account_ref: str
    tenancy_ref: str | None
    tenancy_ended_on: date
    end_reason: str | None
    balance_at_termination: Money
    balance: Money
    status: str
    benefit_check: str
    benefit_check_note: str | None
    benefit: BenefitCheckPublic
    chaseable: Money = Field(description="The balance less what the benefit may still pay")
    chasing_held: str | None = Field(description="Why letters, agency referral and write-off proposals wait")
    last_payment_on: date | None
    last_acknowledged_on: date | None
    limitation_date: date
    statute_barred: bool
    tenants: list[dict[str, Any]]
    forwarding_address: list[str] | None
    traced_address: list[str] | None


class AcknowledgementCreate(Input):
    acknowledged_on: date
    how: Text


class BenefitCheckCreate(Input):
    note: Text
    benefit_due: Money | None = Field(None, description="What the benefits service confirmed is still to be paid "
                                                        "for the tenancy (absent: the estimate from the periods)")


class TraceCreate(Input):
    method: Line
    requested_on: date


class TraceResultCreate(Input):
    found: bool
    address: list[Line] | None = None
    result_on: date


class TracePublic(BaseModel):
    trace_id: uuid.UUID
    method: str
    requested_on: date
    result: str
    result_on: date | None
    new_address: list[str] | None


class AgencyUpdate(Input):
    name: Line
    commission_percent: Decimal = Field(ge=0, le=100, decimal_places=2)
    active: bool = True


class AgencyPublic(BaseModel):
    agency_code: str
    name: str
    commission_percent: Decimal
    active: bool


class ReferralBatchCreate(Input):
    referred_on: date
    min_balance: Money = Money("0.01")
    limit: int = Field(500, ge=1, le=5000)
    fta_ids: list[uuid.UUID] | None = None


class HeldCase(BaseModel):
    fta_id: uuid.UUID
    account_ref: str
    reason: str


class ReferralBatchPublic(BaseModel):
    batch_id: uuid.UUID
    referrals: int
    export_csv: str
    held: list[HeldCase] = Field(default_factory=list,
                                 description="Cases not referred: the benefit check is required and not done, "
                                             "or what is left after the benefit still due is under min_balance")


class RecallCreate(Input):
    recalled_on: date
    reason: Text


class AgencyPerformance(BaseModel):
    agency_code: str
    name: str
    commission_percent: Decimal
    referred: int
    referred_value: Money
    recalled: int
    placed_in_period: int
    placed_value: Money
    collected: Money
    commission: Money
    net_to_landlord: Money
    collection_rate_percent: Decimal


class FtaLetterCreate(Input):
    pay_by: date | None = None
