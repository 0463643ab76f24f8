"""Write-offs' HTTP models: input (XCreate, XUpdate) and output (XPublic)."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated

from pydantic import BaseModel, StringConstraints

from recovery.schema_types import Input, Text
from recovery.write_offs.rules import WriteOffReason
from shared.money import Money


class WriteOffCreate(Input):
    account_ref: Annotated[str, StringConstraints(strip_whitespace=True, max_length=15)]
    amount: Money
    reason: WriteOffReason
    note: Text


class WriteOffDecision(Input):
    note: Text | None = None


class WriteOffPublic(BaseModel):
    write_off_id: uuid.UUID
    account_ref: str
    amount: Money
    reason: str
    note: str
    status: str
    proposed_by: str
    decided_by: str | None
    decided_on: date | None
    decision_note: str | None
    created_at: datetime | None = None
