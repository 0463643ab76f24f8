"""Configuration that changes what notifications does, held in the database with an
audit trail and edited through the API: the landlord's details printed on every
letter, the delivery policy (retries, letter route) and the GOV.UK Notify templates."""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.contracts.types import Postcode

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Landlord(_Config):
    name: Line
    department: Line | None = None
    address: list[Line] = Field(min_length=1, max_length=6)
    postcode: Postcode
    phone: Line
    email: Line | None = None
    website: Line | None = None
    office_hours: Line | None = None
    payment_methods: list[Line] = Field(default_factory=list, max_length=8)
    signatory_name: Line
    signatory_title: Line


class LetterRoute(StrEnum):
    PRINT = "print"  # the landlord's print room, in daily mail-merge batches
    NOTIFY = "notify"  # GOV.UK Notify prints and posts each letter


class Postage(StrEnum):
    FIRST = "first"
    SECOND = "second"
    ECONOMY = "economy"


class DeliveryPolicy(_Config):
    retry_delays_seconds: list[Annotated[float, Field(gt=0, le=7 * 86400)]] = Field(
        default_factory=lambda: [60.0, 300.0, 1800.0, 7200.0, 21600.0], min_length=1, max_length=12,
        description="Wait before each retry; once all are used the notification is reported failed",
    )
    letter_route: LetterRoute = LetterRoute.PRINT
    letter_postage: Postage = Postage.SECOND
    batch_max_letters: int = Field(
        default=1000, ge=1, le=5000,
        description="Letters in one mail-merge batch (a bigger day is printed as several batches)",
    )

    @property
    def max_attempts(self) -> int:
        return len(self.retry_delays_seconds) + 1

    def retry_delay(self, attempts_made: int) -> float | None:
        """Seconds to wait after ``attempts_made`` failed attempts; None when they are spent."""
        if attempts_made >= self.max_attempts:
            return None
        return self.retry_delays_seconds[max(attempts_made - 1, 0)]


class NotifyTemplates(_Config):
    """GOV.UK Notify templates with the personalisation ((subject)), ((body)) and, for
    email with the letter attached, ((link_to_file))."""

    email_template_id: uuid.UUID | None = None
    sms_template_id: uuid.UUID | None = None
    email_reply_to_id: uuid.UUID | None = None
    sms_sender_id: uuid.UUID | None = None
    attach_letter_to_email: bool = True


class TemplatePins(_Config):
    """Letter types held on an older template version (absent: the newest)."""

    versions: dict[str, Annotated[int, Field(ge=1)]] = Field(default_factory=dict)


CONFIG_MODELS: dict[str, type[_Config]] = {
    "landlord": Landlord,
    "delivery_policy": DeliveryPolicy,
    "notify_templates": NotifyTemplates,
    "template_pins": TemplatePins,
}
