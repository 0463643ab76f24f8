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


class AcceptCreate(Input):
    taken_on: date | None = None
    served_on: date | None = Field(None, description="for a notice: the date it was served")
    notes: Text | None = None


class SkipCreate(Input):
    reason: Text
