from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel, Field

from billing.schema_types import InputModel
from shared.money import Money

# --- debit runs and configuration -----------------------------------------------


class DebitRunCreate(InputModel):
    rent_year: int = Field(ge=2000, le=2100)
    rent_week: int = Field(ge=1, le=53)


class DebitRunPublic(BaseModel):
    run_id: uuid.UUID
    rent_year: int
    rent_week: int
    week_starts: date
    status: str
    requested_by: str
    requested_at: datetime
    started_at: datetime | None
    finished_at: datetime | None
    accounts_total: int
    accounts_done: int
    postings_count: int
    amount_posted: Money
    batches: int
    error: str | None
