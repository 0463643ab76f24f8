from __future__ import annotations

import uuid
from datetime import date
from typing import Annotated

from pydantic import BaseModel, Field, StringConstraints

from billing.schema_types import InputModel, Ref, Text
from shared.money import Money

# --- adjustments and transfers --------------------------------------------------


class AdjustmentCreate(InputModel):
    direction: Annotated[str, StringConstraints(pattern=r"^(debit|credit)$")]
    amount: Money = Field(description="Positive; the direction gives the sign")
    reason_code: str
    reason: Text
    effective_date: date | None = None


class TransferCreate(InputModel):
    from_account_ref: Ref
    to_account_ref: Ref
    amount: Money = Field(description="Positive: credit moved out of from_account into to_account")
    reason_code: str
    reason: Text
    effective_date: date | None = None


class Decision(InputModel):
    note: Text


class AdjustmentPublic(BaseModel):
    adjustment_id: uuid.UUID
    kind: str
    status: str
    account_ref: str
    to_account_ref: str | None
    amount: Money
    reason_code: str
    reason: str
    effective_date: date
    requested_by: str
    decided_by: str | None
    decision_note: str | None
