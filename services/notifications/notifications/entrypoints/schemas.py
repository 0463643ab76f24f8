"""Input (extra="forbid") and output models of notifications' API."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Annotated, Any, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from notifications.domain.channels import Channel, Format

T = TypeVar("T", bound=BaseModel)
Reason = Annotated[str, StringConstraints(strip_whitespace=True, min_length=3, max_length=500)]
Email = Annotated[
    str, StringConstraints(strip_whitespace=True, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
]
UkMobile = Annotated[
    str, StringConstraints(strip_whitespace=True, pattern=r"^(\+44\s?7\d{3}|07\d{3})\s?\d{3}\s?\d{3}$")
]


class NotificationPublic(BaseModel):
    notification_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    letter_type: str
    account_ref: str
    channel: str
    format: str
    status: str
    failure_reason: str | None
    route_note: str | None
    attempts: int
    template_version: int | None
    recipient: dict[str, Any] | None
    provider_ref: str | None
    batch_id: uuid.UUID | None
    requested_at: datetime
    rendered_at: datetime | None
    sent_at: datetime | None
    delivered_at: datetime | None
    data: dict[str, Any]


class RetryRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: Reason


class ContactPublic(BaseModel):
    account_ref: str
    person_id: str
    tenancy_ref: str | None
    name: str
    is_lead: bool
    email: str | None
    mobile: str | None
    address: list[str]
    forwarding_address: list[str]
    tenancy_status: str


class ContactUpsert(BaseModel):
    """A leaseholder's or sundry debtor's details (billing publishes names and addresses only
    for tenancies), or a correction of what the tenancy gave."""

    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
    is_lead: bool = True
    address: list[Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120)]] = Field(
        min_length=2, max_length=7, description="Postal address lines, the postcode last")
    email: Email | None = None
    mobile: UkMobile | None = None
    reason: Reason


class PreferenceUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    channel: Channel
    format: Format = Format.STANDARD
    email: Email | None = Field(default=None, description="Overrides the email held from the tenancy")
    mobile: UkMobile | None = Field(default=None, description="Overrides the mobile held from the tenancy")
    reason: Reason


class PreferencePublic(BaseModel):
    person_id: str
    channel: Channel
    format: Format
    email: str | None
    mobile: str | None
    updated_by: str | None = None
    updated_at: datetime | None = None


class ConfigChange(BaseModel, Generic[T]):
    model_config = ConfigDict(extra="forbid")
    value: T
    reason: Reason


class ConfigPublic(BaseModel, Generic[T]):
    value: T
    updated_by: str | None
    updated_at: datetime | None


class LetterTypePublic(BaseModel):
    letter_type: str
    title: str
    event: str
    in_writing_only: bool
    versions: list[int]
    active_version: int
    data_schema: dict[str, Any] | None = Field(
        description="For LetterRequested: the JSON schema its data must satisfy")


class BatchCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    letter_type: str
    day: date = Field(description="Letters rendered on this day (UK time)")


class BatchPublic(BaseModel):
    batch_id: uuid.UUID
    letter_type: str
    day: date
    letter_count: int
    page_count: int
    created_by: str
    created_at: datetime


class PreviewRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    event: dict[str, Any] = Field(description="The payload of the event that asks for this letter")
    large_print: bool = False
    version: int | None = Field(default=None, ge=1, description="Template version (default: the one in use)")
