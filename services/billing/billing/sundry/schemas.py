from __future__ import annotations

import uuid
from datetime import date
from typing import Literal

from pydantic import BaseModel, Field

from billing.schema_types import InputModel, Reason, Ref, Text
from shared.contracts.types import AccountRef
from shared.money import Money


class SundryDebtCreate(InputModel):
    debt_type: Literal["rechargeable_repair", "court_costs", "other"]
    amount: Money
    description: Text
    raised_on: date
    due_date: date
    person_ids: list[Ref] = Field(default_factory=list, max_length=6)
    against_account_ref: AccountRef | None = None
    reason: Reason


class SundryDebtPublic(BaseModel):
    debt_id: uuid.UUID
    account_ref: str
    debt_type: str
    amount: Money
    description: str
    raised_on: date
    due_date: date
    person_ids: list[str]
    related_account_ref: str | None
    raised_by: str
