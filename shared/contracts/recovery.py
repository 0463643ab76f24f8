"""Events published by recovery: arrears actions, arrangements, write-offs."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.envelope import EventData
from shared.contracts.types import AccountRef
from shared.money import Money


class _Recovery(EventData):
    producer = "recovery"


class RecoveryActionRecommendedV1(_Recovery):
    event_type = "RecoveryActionRecommended"
    summary = "The daily run recommends an action on a case."

    recommendation_id: uuid.UUID
    case_id: uuid.UUID
    account_ref: AccountRef
    action: str
    stage: str
    reason: str
    patch: str | None = None
    risk_score: float = 0.0
    recommended_on: date


class RecoveryActionTakenV1(_Recovery):
    event_type = "RecoveryActionTaken"
    summary = "An officer recorded an action or outcome on a case."

    action_id: uuid.UUID
    case_id: uuid.UUID
    account_ref: AccountRef
    action: str
    taken_on: date
    officer: str
    outcome: str | None = None


class LetterRequestedV1(_Recovery):
    event_type = "LetterRequested"
    summary = "A letter should be sent; ``data`` holds what its template needs."

    request_id: uuid.UUID
    letter_type: str
    account_ref: AccountRef
    person_ids: list[str] = Field(default_factory=list)
    data: dict[str, Any] = Field(default_factory=dict)
    requested_by: str


class ArrangementCreatedV1(_Recovery):
    event_type = "ArrangementCreated"
    summary = "A payment arrangement towards arrears was agreed."

    arrangement_id: uuid.UUID
    account_ref: AccountRef
    amount: Money
    frequency: str
    start_date: date
    arrears_at_start: Money
    weekly_charge: Money
    agreed_by: str


class ArrangementBreachedV1(_Recovery):
    event_type = "ArrangementBreached"
    summary = "An arrangement was missed or paid short beyond tolerance."

    arrangement_id: uuid.UUID
    account_ref: AccountRef
    period_ending: date
    expected: Money
    paid: Money
    reason: str


class WriteOffApprovedV1(_Recovery):
    event_type = "WriteOffApproved"
    summary = "A write-off was approved by a second officer; billing posts the credit."

    write_off_id: uuid.UUID
    account_ref: AccountRef
    amount: Money = Field(description="Amount written off, positive")
    reason: str
    proposed_by: str
    approved_by: str
    approved_on: date


class CourtCaseUpdatedV1(_Recovery):
    event_type = "CourtCaseUpdated"
    summary = "A possession or money claim changed stage or outcome."

    case_id: uuid.UUID
    account_ref: AccountRef
    stage: str
    hearing_date: date | None = None
    outcome: str | None = None
    terms: str | None = None


class RecommendedAction(BaseModel):
    """One line of a daily run's batch of recommendations."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    recommendation_id: uuid.UUID
    case_id: uuid.UUID
    account_ref: AccountRef
    action: str
    stage: str
    patch: str | None = None
    risk_score: float = 0.0
    rank: int | None = None


class RecoveryActionsRecommendedV1(_Recovery):
    event_type = "RecoveryActionsRecommended"
    summary = "A batch of a daily run's recommendations (the bulk form of RecoveryActionRecommended)."

    run_id: uuid.UUID
    batch: int
    recommended_on: date
    recommendations: list[RecommendedAction]

    def aggregate_key(self) -> str:
        return f"daily-run:{self.run_id}"
