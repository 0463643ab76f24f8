"""The account position's HTTP models: input (XCreate, XUpdate) and output (XPublic)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pydantic import BaseModel, Field

from recovery.schema_types import Input, Text
from shared.money import Money


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


class FlagsUpdate(Input):
    benefit_claim_pending: bool | None = None
    charge_disputed: bool | None = None
    vulnerable: bool | None = None
    reason: Text


class ReviewCreate(Input):
    note: Text
