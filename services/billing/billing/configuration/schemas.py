from __future__ import annotations

from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from billing.schema_types import InputModel, Text


class RentFreeWeekIn(InputModel):
    week: int = Field(ge=1, le=53)
    reason: Text


class RentFreeWeeks(InputModel):
    weeks: list[RentFreeWeekIn] = Field(max_length=10)
    reason: Text


class RentWeekPublic(BaseModel):
    number: int
    starts: date
    ends: date
    rent_free: bool
    rent_free_reason: str | None = None


class RentYearPublic(BaseModel):
    rent_year: int
    starts: date
    ends: date
    week_count: int
    collectable_weeks: int
    closed: bool
    weeks: list[RentWeekPublic]


class SettingUpdate(InputModel):
    value: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=100)]
    reason: Text


class SettingPublic(BaseModel):
    key: str
    value: str
    description: str
