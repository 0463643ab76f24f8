"""Daily runs' and recommendations' HTTP models: input (XCreate, XUpdate) and output (XPublic)."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from recovery.schema_types import Input, Text
from shared.money import Money


class DailyRunCreate(Input):
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
    skip_note: str | None = None


class AcceptCreate(Input):
    taken_on: date | None = None
    served_on: date | None = Field(None, description="for a notice: the date it was served")
    notes: Text | None = None


class SkipCreate(Input):
    reason: Text = Field(description="one of the skip_reasons setting's codes (GET /settings/skip_reasons)")
    note: Text | None = Field(None, description="more about it; needed for a reason marked needs_note (other)")


class WorktrayRow(BaseModel):
    account_ref: str
    lead_tenant: str | None
    balance: Money
    weekly_charge: Money | None
    weeks_in_arrears: Decimal | None = Field(description="balance ÷ weekly charge, to 1 dp rounded down")
    last_payment_on: date | None
    last_payment_amount: Money | None = Field(description="paid (positive) on the last payment date")
    stage: str = Field(description="the case's last stage taken (not_started: none yet)")
    case_id: uuid.UUID | None
    recommendation_id: uuid.UUID | None
    recommended_action: str | None
    recommended_stage: str | None
    reason: str | None = Field(description="why the action is recommended (or held)")
    rank: int | None = Field(description="the recommendation's rank by risk in the patch (null when held)")
    risk: Decimal | None
    recommended_on: date | None
    hold: str | None = Field(description="what holds the case back: breathing_space, officer_pause, "
                                         "benefit_timing, benefit_claim_pending, vulnerability_senior_review, ...")
    pause_reason: str | None = Field(description="an officer's pause: the pause_reasons code")
    pause_note: str | None
    paused_until: date | None
    arrangement_id: uuid.UUID | None
    arrangement_status: str | None
    arrangement_frequency: str | None
    arrangement_instalment: Money | None
    court_date: date | None
    eviction_date: date | None
    court_order: str | None


class WorktrayPublic(BaseModel):
    patch: str
    tab: str
    on: date
    total: int = Field(description="rows in the tab with these filters, over every page")
    limit: int
    offset: int
    items: list[WorktrayRow]
