from __future__ import annotations

import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, Field

from billing.schema_types import InputModel, Reason
from shared.contracts.types import AccountRef, ChargeType
from shared.money import Money

Percent = Annotated[Decimal, Field(ge=-50, le=100, max_digits=8, decimal_places=4)]

Rate = Annotated[Decimal, Field(ge=0, lt=1, max_digits=8, decimal_places=6)]


class TargetRent(InputModel):
    account_ref: AccountRef
    weekly_amount: Money


class ReviewCreate(InputModel):
    rent_year: int = Field(ge=2000, le=2100)
    kind: Literal["percentage", "target_convergence"]
    uplift_percent: dict[ChargeType, Percent] = Field(
        min_length=1, description="Uplift per charge type, e.g. {\"rent\": \"7.7\", \"service_charge\": \"3\"}")
    cap_percent: Percent | None = Field(None, description="The most any charge may rise, e.g. CPI + 1 = 7.7")
    convergence_step: Money = Field(Money.zero(), description="Target convergence: up to this much a week more")
    targets: list[TargetRent] = Field(default_factory=list, max_length=300_000)
    outlier_percent: Percent = Decimal("10")
    reason: Reason


class ReviewPublic(BaseModel):
    review_id: uuid.UUID
    rent_year: int
    effective_from: date
    notice_deadline: date = Field(description="The last day to commit and still give four weeks' notice")
    status: str
    policy: dict[str, Any]
    totals: dict[str, Any]
    rejected_lines: list[dict[str, Any]]
    created_by: str
    created_at: datetime
    reason: str
    committed_by: str | None
    committed_at: datetime | None


class ReviewLinePublic(BaseModel):
    account_ref: str
    charge_type: ChargeType
    old_amount: Money
    new_amount: Money
    capped: bool
    outlier: bool
    note: str | None
