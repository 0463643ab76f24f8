"""Recovery's HTTP input (XCreate, extra="forbid") and output (XPublic) models."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from recovery.domain.actions import CourtOrder, RecordedAction
from recovery.domain.arrangements import SfsExpenditure, SfsIncome
from recovery.domain.breathing_space import MoratoriumType
from recovery.domain.policy import PolicyBody
from recovery.domain.write_offs import WriteOffReason
from shared.money import Money

Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)]
Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PositionPublic(BaseModel):
    account_ref: str
    balance: Money
    last_seq: int
    account_type: str | None
    tenancy_ref: str | None
    patch: str | None
    status: str | None
    weekly_charge: Money | None
    weeks_in_arrears: Decimal | None = None
    last_payment_on: date | None
    last_payment_amount: Money | None
    last_hb_on: date | None = None
    last_uc_on: date | None = None
    benefit_status: str = Field("none", description="uc_in_payment, hb_in_payment, claim_pending or none")
    benefit_claim_pending: bool = False
    charge_disputed: bool = False
    vulnerable: bool = False
    vulnerability_reviewed_on: date | None = None


class FlagsUpdate(_In):
    benefit_claim_pending: bool | None = None
    charge_disputed: bool | None = None
    vulnerable: bool | None = None
    reason: Text


class ReviewCreate(_In):
    note: Text


class PolicyPublic(BaseModel):
    policy_code: str
    version: int
    policy: PolicyBody


class PolicyUpdate(_In):
    policy: PolicyBody
    reason: Text


class SettingUpdate(_In):
    value: dict[str, Any]
    reason: Text


class DailyRunCreate(_In):
    run_date: date


class DailyRunPublic(BaseModel):
    run_id: uuid.UUID
    run_date: date
    accounts_evaluated: int
    recommended: int
    held: int
    periods_assessed: int
    breaches: int
    seconds: Decimal


class RecommendationPublic(BaseModel):
    recommendation_id: uuid.UUID
    run_date: date
    case_id: uuid.UUID
    account_ref: str
    patch: str | None
    policy_code: str
    stage: str
    action: str
    letter_type: str | None
    reason: str
    hold: str | None
    risk_score: Decimal
    rank: int | None
    arrears: Money
    weeks_in_arrears: Decimal | None
    payer_profile: str
    status: str
    decided_by: str | None
    skip_reason: str | None


class AcceptCreate(_In):
    taken_on: date | None = None
    served_on: date | None = Field(None, description="for a notice: the date it was served")
    notes: Text | None = None


class SkipCreate(_In):
    reason: Text


class ActionCreate(_In):
    action: RecordedAction
    taken_on: date
    outcome: Text | None = None
    stage: str | None = Field(None, description="the policy stage this action fulfils, if any")
    letter_type: str | None = None
    demands_payment: bool | None = Field(
        None, deprecated=True,
        description="Ignored, accepted for older clients: whether an action demands payment follows from its "
                    "letter type, its action and its policy stage")
    served_on: date | None = None
    hearing_date: date | None = None
    order: CourtOrder | None = None
    terms_weekly: Money | None = None
    possession_date: date | None = None
    eviction_date: date | None = None
    notes: Text | None = None


class ActionPublic(BaseModel):
    action_id: uuid.UUID
    action: str
    stage: str | None
    taken_on: date
    officer: str
    outcome: str | None
    details: dict[str, Any]
    wait_until: date | None


class CasePublic(BaseModel):
    case_id: uuid.UUID
    account_ref: str
    policy_code: str
    status: str
    opened_on: date
    closed_on: date | None
    stage: str | None
    stage_on: date | None
    court_date: date | None
    notice_served_on: date | None
    notice_usable_from: date | None
    notice_expires_on: date | None
    court_order: str | None
    possession_date: date | None
    order_breached: bool
    eviction_date: date | None
    actions: list[ActionPublic] = Field(default_factory=list)


class PreActionPublic(BaseModel):
    case_id: uuid.UUID
    complete: bool
    done: list[str]
    missing: list[str]


class ArrangementCreate(_In):
    frequency: Annotated[str, StringConstraints(pattern="^(weekly|fortnightly|four_weekly)$")]
    instalment: Money = Field(description="paid towards the arrears each period, on top of the charge")
    start_date: date
    income: dict[SfsIncome, Money] = Field(description="weekly income by Standard Financial Statement category")
    expenditure: dict[SfsExpenditure, Money] = Field(description="weekly spending by SFS category")


class PeriodPublic(BaseModel):
    period_no: int
    period_start: date
    period_end: date
    expected: Money
    paid: Money
    kept: bool | None = Field(description="null: not assessed, the period fell in a Breathing Space moratorium")
    reason: str


class ArrangementPublic(BaseModel):
    arrangement_id: uuid.UUID
    account_ref: str
    status: str
    source: str
    frequency: str
    instalment: Money
    weekly_charge: Money = Field(description="the weekly charge when the arrangement started")
    arrears_at_start: Money
    start_date: date
    assessment: dict[str, Any] | None
    disposable_weekly: Money | None
    schedule: list[dict[str, Any]] = Field(
        description="each period's dates, the charge falling due in it (the weekly charge in force on each day, "
                    "none in a rent-free week), the instalment towards the arrears, the payment expected (the "
                    "two together, as the charges now stand) and the arrears left after it")
    agreed_by: str
    breached_on: date | None
    breach_reason: str | None
    periods: list[PeriodPublic] = Field(default_factory=list)


class BreathingSpaceCreate(_In):
    kind: MoratoriumType
    reference: Line
    start_date: date
    crisis_treatment_ends_on: date | None = None


class TreatmentEndCreate(_In):
    treatment_ends_on: date


class BreathingSpaceEnd(_In):
    ended_on: date = Field(description="the last day of protection")
    reason: Text


class BreathingSpacePublic(BaseModel):
    breathing_space_id: uuid.UUID
    account_ref: str
    kind: str
    reference: str
    start_date: date
    ends_on: date | None
    crisis_treatment_ends_on: date | None
    protected_arrears: Money
    ended_early_on: date | None


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


class AcknowledgementCreate(_In):
    acknowledged_on: date
    how: Text


class BenefitCheckCreate(_In):
    note: Text
    benefit_due: Money | None = Field(None, description="What the benefits service confirmed is still to be paid "
                                                        "for the tenancy (absent: the estimate from the periods)")


class TraceCreate(_In):
    method: Line
    requested_on: date


class TraceResultCreate(_In):
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


class AgencyUpdate(_In):
    name: Line
    commission_percent: Decimal = Field(ge=0, le=100, decimal_places=2)
    active: bool = True


class AgencyPublic(BaseModel):
    agency_code: str
    name: str
    commission_percent: Decimal
    active: bool


class ReferralBatchCreate(_In):
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


class RecallCreate(_In):
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


class WriteOffCreate(_In):
    account_ref: Annotated[str, StringConstraints(strip_whitespace=True, max_length=15)]
    amount: Money
    reason: WriteOffReason
    note: Text


class WriteOffDecision(_In):
    note: Text | None = None


class WriteOffPublic(BaseModel):
    write_off_id: uuid.UUID
    account_ref: str
    amount: Money
    reason: str
    note: str
    status: str
    proposed_by: str
    decided_by: str | None
    decided_on: date | None
    decision_note: str | None
    created_at: datetime | None = None


class KpiPublic(BaseModel):
    from_date: date
    to_date: date
    current_arrears: Money
    accounts_in_arrears: int
    annual_rent_debit: Money = Field(description="Weekly charges times the rent year's collectable weeks")
    rent_year: int = Field(description="The rent year the annual debit is for: the one `to` falls in")
    collectable_weeks: int = Field(description="52 or 53 rent weeks less the rent-free weeks billing announced")
    arrears_percent_of_annual_debit: Decimal | None
    fta_balance: Money
    fta_cases: int
    fta_collected: Money
    cases_by_stage: dict[str, int]
    arrangement_periods_assessed: int
    arrangement_periods_kept: int
    arrangements_kept_percent: Decimal | None
    weekly_trend: list[dict[str, Any]]


class FtaLetterCreate(_In):
    pay_by: date | None = None
