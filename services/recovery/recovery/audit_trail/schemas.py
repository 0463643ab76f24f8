"""The account audit trail's HTTP models (output only)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, Field


class AuditRecordPublic(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    entity: str = Field(description="account, recovery_case, arrangement, breathing_space, recommendation, "
                                    "write_off, fta_case or dca_referral")
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None
    source: str | None


class AuditTrailPublic(BaseModel):
    account_ref: str
    total: int
    limit: int
    offset: int
    items: list[AuditRecordPublic]
