"""API models for the rent review, leasehold service charges, sundry debts and water
charges: XCreate for input (unknown fields refused), XPublic for output."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from billing.schema_types import InputModel, Reason, Ref, Text
from shared.money import Money


class LeaseTerms(InputModel):
    scheme_ref: Ref = Field(description="The service charge scheme (block or estate) the lease pays towards")
    share: Decimal = Field(gt=0, max_digits=12, decimal_places=6,
                           description="The lease's weight in the scheme's costs (e.g. rateable value or bedrooms)")
    ground_rent_annual: Money = Money.zero()


class LeaseSet(LeaseTerms):
    starts_on: date | None = Field(None, description="The day the lease starts: its first year's service charge "
                                   "and ground rent are by the day from it (default: the day the account opened; "
                                   "an existing lease keeps its start)")
    reason: Reason


class EstimateCreate(InputModel):
    year_start: date
    estimated_cost: Money
    due_dates: list[date] = Field(min_length=1, max_length=12, description="1, 2, 4 or 12 instalments")


class CostLine(InputModel):
    heading: Text
    amount: Money


class BalancingCreate(InputModel):
    actual_costs: list[CostLine] = Field(min_length=1, max_length=200)
    due_date: date


class Section20Create(InputModel):
    works_ref: Ref
    scheme_ref: Ref
    description: Text
    notice_of_intention_on: date
    estimates_notice_on: date
    completed_on: date
    dispensation: bool = Field(False, description="The First-tier Tribunal dispensed with consultation")


class MajorWorksCreate(InputModel):
    scheme_ref: Ref
    works_ref: Ref
    description: Text
    cost: Money
    due_date: date


class GroundRentCreate(InputModel):
    period_from: date
    period_to: date
    due_date: date


class InvoicePublic(BaseModel):
    invoice_ref: str
    run_ref: str
    account_ref: str
    invoice_type: str
    scheme_ref: str | None
    period_from: date | None
    period_to: date | None
    amount: Money
    due_date: date
    works_ref: str | None


class BalancingPublic(BaseModel):
    account_ref: str
    estimate_invoiced: Money
    actual_share: Money
    balancing: Money
