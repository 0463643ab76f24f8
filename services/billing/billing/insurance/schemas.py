from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from billing.schema_types import InputModel, Text
from shared.money import Money

# --- insurance -----------------------------------------------------------------------


class InsuranceOptIn(InputModel):
    starts_on: date
    weekly_premium: Money
    sum_insured: Money


class InsuranceOptOut(InputModel):
    last_day: date
    reason: Text


class CoverPublic(BaseModel):
    cover_id: uuid.UUID
    tenancy_ref: str
    account_ref: str
    weekly_premium: Money
    sum_insured: Money
    starts_on: date
    ends_on: date | None
    end_reason: str | None


class CoverLine(CoverPublic):
    premiums_charged: Money
    premiums_collected: Money = Field(description="The account's receipts in the period apportioned to the "
                                                  "premium: receipts x premiums charged / all charged, at most "
                                                  "the premiums charged")


class InsurerReport(BaseModel):
    date_from: date
    date_to: date
    covers: list[CoverLine]
    insured_tenancies: int
    premiums_charged: Money
    premiums_collected: Money
