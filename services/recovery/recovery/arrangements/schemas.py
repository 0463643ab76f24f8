"""Arrangements' HTTP models: input (XCreate, XUpdate) and output (XPublic)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, Field, StringConstraints

from recovery.arrangements.rules import SfsExpenditure, SfsIncome
from recovery.schema_types import Input
from shared.money import Money


class ArrangementCreate(Input):
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
