"""Breathing Space's HTTP models: input (XCreate, XUpdate) and output (XPublic)."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, Field

from recovery.breathing_space.rules import MoratoriumType
from recovery.schema_types import Input, Line, Text
from shared.money import Money


class BreathingSpaceCreate(Input):
    kind: MoratoriumType
    reference: Line
    start_date: date
    crisis_treatment_ends_on: date | None = None


class TreatmentEndCreate(Input):
    treatment_ends_on: date


class BreathingSpaceEnd(Input):
    ended_on: date = Field(description="the last day of protection")
    reason: Text


class BreathingSpacePublic(BaseModel):
    breathing_space_id: uuid.UUID
    account_ref: str
    kind: str
    reference: str
    start_date: date
    ends_on: date | None
    crisis_treatment_ends_on: date | None
    protected_arrears: Money
    ended_early_on: date | None
