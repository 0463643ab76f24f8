from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, StringConstraints

from billing.schema_types import InputModel, Ref
from shared.contracts.types import ChargeType
from shared.money import Money

# --- voids ---------------------------------------------------------------------------


class VoidCreate(InputModel):
    property_ref: Ref
    starts_on: date
    reason: Literal["major_works", "awaiting_repairs", "decant", "awaiting_demolition", "held_for_sale", "other"]
    note: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=500)] | None = None
    weekly_charges: dict[ChargeType, Money] | None = None


class VoidEnd(InputModel):
    ends_on: date


class VoidLine(BaseModel):
    void_id: uuid.UUID
    property_ref: str
    patch: str
    postcode: str
    starts_on: date
    ends_on: date | None
    reason: str
    note: str | None
    automatic: bool
    previous_tenancy_ref: str | None
    next_tenancy_ref: str | None
    weekly_charges: dict[str, str]
    weekly_loss: Money
    empty_from: date
    empty_to: date
    days_in_period: int
    rent_loss: Money


class VoidRegister(BaseModel):
    date_from: date
    date_to: date
    voids: list[VoidLine]
    total_days: int
    total_rent_loss: Money
