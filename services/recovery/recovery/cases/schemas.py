"""Cases' and actions' HTTP models: input (XCreate, XUpdate) and output (XPublic)."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, Field

from recovery.cases.rules import CourtOrder, RecordedAction
from recovery.schema_types import Input, Text
from shared.money import Money


class ActionCreate(Input):
    action: RecordedAction
    taken_on: date
    outcome: Text | None = None
    stage: str | None = Field(None, description="the policy stage this action fulfils, if any")
    letter_type: str | None = None
    demands_payment: bool | None = Field(
        None, deprecated=True,
        description="Ignored, accepted for older clients: whether an action demands payment follows from its "
                    "letter type, its action and its policy stage")
    served_on: date | None = None
    hearing_date: date | None = None
    order: CourtOrder | None = None
    terms_weekly: Money | None = None
    possession_date: date | None = None
    eviction_date: date | None = None
    notes: Text | None = None


class ActionPublic(BaseModel):
    action_id: uuid.UUID
    action: str
    stage: str | None
    taken_on: date
    officer: str
    outcome: str | None
    details: dict[str, Any]
    wait_until: date | None


class CasePublic(BaseModel):
    case_id: uuid.UUID
    account_ref: str
    policy_code: str
    status: str
    opened_on: date
    closed_on: date | None
    stage: str | None
    stage_on: date | None
    court_date: date | None
    notice_served_on: date | None
    notice_usable_from: date | None
    notice_expires_on: date | None
    court_order: str | None
    possession_date: date | None
    order_breached: bool
    eviction_date: date | None
    paused_until: date | None = Field(None, description="an officer's pause holds the case to the end of this day")
    pause_reason: str | None = Field(None, description="one of the pause_reasons setting's codes")
    pause_note: str | None = None
    paused_by: str | None = None
    paused_on: date | None = None
    actions: list[ActionPublic] = Field(default_factory=list)


class PreActionPublic(BaseModel):
    case_id: uuid.UUID
    complete: bool
    done: list[str]
    missing: list[str]


class PauseCreate(Input):
    reason: Text = Field(description="one of the pause_reasons setting's codes (GET /settings/pause_reasons)")
    until: date = Field(description="the last day of the pause: after today, within a year")
    note: Text | None = Field(None, description="more about it; needed for a reason marked needs_note (other)")


class UnpauseCreate(Input):
    note: Text | None = None
