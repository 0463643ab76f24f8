from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from shared.contracts.types import ChargeType, PostingType
from shared.money import Money


class PostingPublic(BaseModel):
    posting_id: uuid.UUID
    account_seq: int
    posting_type: PostingType
    amount: Money
    balance_after: Money
    effective_date: date
    rent_year: int | None
    rent_week: int | None
    charge_type: ChargeType | None
    source: str
    reason: str | None
    posted_by: str
    posted_at: datetime
    channel: str | None = None


# --- statements and reports ----------------------------------------------------


class BalancePublic(BaseModel):
    account_ref: str
    as_at: date
    balance: Money


class StatementPublic(BaseModel):
    account_ref: str
    date_from: date
    date_to: date
    opening_balance: Money
    debits: Money
    credits: Money
    closing_balance: Money
    postings: list[PostingPublic]
    total_postings: int | None = Field(None, description="Postings in the range (the page holds those from offset)")
    offset: int = 0


class BandPublic(BaseModel):
    band: str
    accounts: int
    total: Money


class WeekTotalPublic(BaseModel):
    rent_year: int
    rent_week: int
    debits: Money
    credits: Money
    postings: int


class ControlTotalPublic(BaseModel):
    posting_type: str
    postings: int
    debits: Money
    credits: Money
    net: Money


class YearEndPublic(BaseModel):
    rent_year: int
    closed_by: str
    closed_at: datetime
    accounts: int
    opening: Money
    debits: Money
    credits: Money
    closing: Money
    balanced: bool
    control_totals: list[ControlTotalPublic]


class YearEndAccountPublic(BaseModel):
    account_ref: str
    opening: Money
    debits: Money
    credits: Money
    closing: Money
