"""The KPI report's HTTP model."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from pydantic import BaseModel, Field

from shared.money import Money


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
