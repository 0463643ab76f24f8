"""API models for the rent review, leasehold service charges, sundry debts and water
charges: XCreate for input (unknown fields refused), XPublic for output."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from billing.entrypoints.schemas import Ref, Text, _In
from shared.contracts.types import AccountRef, ChargeType
from shared.money import Money

Percent = Annotated[Decimal, Field(ge=-50, le=100, max_digits=8, decimal_places=4)]
Rate = Annotated[Decimal, Field(ge=0, lt=1, max_digits=8, decimal_places=6)]
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]


class TargetRent(_In):
    account_ref: AccountRef
    weekly_amount: Money


class ReviewCreate(_In):
    rent_year: int = Field(ge=2000, le=2100)
    kind: Literal["percentage", "target_convergence"]
    uplift_percent: dict[ChargeType, Percent] = Field(
        min_length=1, description="Uplift per charge type, e.g. {\"rent\": \"7.7\", \"service_charge\": \"3\"}")
    cap_percent: Percent | None = Field(None, description="The most any charge may rise, e.g. CPI + 1 = 7.7")
    convergence_step: Money = Field(Money.zero(), description="Target convergence: up to this much a week more")
    targets: list[TargetRent] = Field(default_factory=list, max_length=300_000)
    outlier_percent: Percent = Decimal("10")
    reason: Reason


class ReviewPublic(BaseModel):
    review_id: uuid.UUID
    rent_year: int
    effective_from: date
    notice_deadline: date = Field(description="The last day to commit and still give four weeks' notice")
    status: str
    policy: dict[str, Any]
    totals: dict[str, Any]
    rejected_lines: list[dict[str, Any]]
    created_by: str
    created_at: datetime
    reason: str
    committed_by: str | None
    committed_at: datetime | None


class ReviewLinePublic(BaseModel):
    account_ref: str
    charge_type: ChargeType
    old_amount: Money
    new_amount: Money
    capped: bool
    outlier: bool
    note: str | None


class LeaseTerms(_In):
    scheme_ref: Ref = Field(description="The service charge scheme (block or estate) the lease pays towards")
    share: Decimal = Field(gt=0, max_digits=12, decimal_places=6,
                           description="The lease's weight in the scheme's costs (e.g. rateable value or bedrooms)")
    ground_rent_annual: Money = Money.zero()


class LeaseSet(LeaseTerms):
    starts_on: date | None = Field(None, description="The day the lease starts: its first year's service charge "
                                   "and ground rent are by the day from it (default: the day the account opened; "
                                   "an existing lease keeps its start)")
    reason: Reason


class EstimateCreate(_In):
    year_start: date
    estimated_cost: Money
    due_dates: list[date] = Field(min_length=1, max_length=12, description="1, 2, 4 or 12 instalments")


class CostLine(_In):
    heading: Text
    amount: Money


class BalancingCreate(_In):
    actual_costs: list[CostLine] = Field(min_length=1, max_length=200)
    due_date: date


class Section20Create(_In):
    works_ref: Ref
    scheme_ref: Ref
    description: Text
    notice_of_intention_on: date
    estimates_notice_on: date
    completed_on: date
    dispensation: bool = Field(False, description="The First-tier Tribunal dispensed with consultation")


class MajorWorksCreate(_In):
    scheme_ref: Ref
    works_ref: Ref
    description: Text
    cost: Money
    due_date: date


class GroundRentCreate(_In):
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


class SundryDebtCreate(_In):
    debt_type: Literal["rechargeable_repair", "court_costs", "other"]
    amount: Money
    description: Text
    raised_on: date
    due_date: date
    person_ids: list[Ref] = Field(default_factory=list, max_length=6)
    against_account_ref: AccountRef | None = None
    reason: Reason


class SundryDebtPublic(BaseModel):
    debt_id: uuid.UUID
    account_ref: str
    debt_type: str
    amount: Money
    description: str
    raised_on: date
    due_date: date
    person_ids: list[str]
    related_account_ref: str | None
    raised_by: str


class WaterAgreementCreate(_In):
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


class WaterReconciliationCreate(_In):
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


class RentRollLine(BaseModel):
    account_ref: str
    account_type: str
    tenancy_ref: str | None
    property_ref: str | None
    patch: str | None
    charges: dict[ChargeType, Money]
    weekly_total: Money
    balance: Money


class DebitSummaryLine(BaseModel):
    charge_type: str
    postings: int
    accounts: int
    debits: Money
    reductions: Money
    net: Money


class InvoiceRunLine(BaseModel):
    run_ref: str
    invoice_type: str
    scheme_ref: str | None
    invoices: int
    charged: Money
    credited: Money
    net: Money
    first_due: date
    last_due: date
    raised_at: datetime
    raised_by: str


class WaterScheduleLine(BaseModel):
    reconciliation_id: uuid.UUID
    period_from: date
    period_to: date
    payment_due: date
    water_debited: Money
    water_collected: Money
    void_allowance: Money
    commission: Money
    accounts: int
    payable: Money
