"""Arrangements' HTTP models: input (XCreate, XUpdate) and output (XPublic)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field, StringConstraints

from recovery.arrangements.rules import SfsExpenditure, SfsIncome
from recovery.schema_types import Input, Text
from shared.money import Money


class ArrangementCreate(Input):
    frequency: Annotated[str, StringConstraints(pattern="^(weekly|fortnightly|four_weekly|monthly)$")] = Field(
        description="monthly: periods are calendar months from the start date (a start on the 29th to 31st "
                    "falls on a shorter month's last day), each missed or kept as a whole month")
    instalment: Money = Field(description="paid towards the arrears each period, on top of the charge")
    start_date: date
    assessment_basis: Literal["weekly", "monthly"] = Field(
        "weekly", description="whether the income and expenditure amounts are weekly or monthly (Universal "
                              "Credit budgets are monthly); compared with the weekly charge as monthly x 12 / 52")
    income: dict[SfsIncome, Money] = Field(description="income by Standard Financial Statement category, "
                                                       "per week or per month (assessment_basis)")
    expenditure: dict[SfsExpenditure, Money] = Field(description="spending by SFS category, per week or per "
                                                                 "month (assessment_basis)")


class ArrangementCancel(Input):
    reason: Text


class PeriodPublic(BaseModel):
    period_no: int
    period_start: date
    period_end: date
    expected: Money
    paid: Money
    kept: bool | None = Field(description="null: not assessed, the period fell in a Breathing Space moratorium")
    reason: str


class StatusChangePublic(BaseModel):
    status: str
    changed_on: date
    changed_at: datetime
    changed_by: str
    reason: str | None


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
    cancelled_on: date | None = None
    cancelled_by: str | None = None
    cancel_reason: str | None = None
    created_at: datetime | None = None
    periods: list[PeriodPublic] = Field(default_factory=list)
    periods_kept: int = Field(0, description="periods assessed as kept")
    periods_missed: int = Field(0, description="periods assessed as missed or short")
    history: list[StatusChangePublic] = Field(
        default_factory=list, description="each status the arrangement took, oldest first: who, when and why")
