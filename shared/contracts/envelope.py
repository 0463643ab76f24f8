"""The wire envelope every event travels in, and the base of every event payload.

Contracts are additive-only: a new optional field keeps the version, anything else
is a new version class (``PaymentReceivedV2``) published alongside the old one until
every consumer has moved. Consumers parse tolerantly (unknown fields are ignored).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any, ClassVar, Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class EventData(BaseModel):
    """Base of every event payload. Subclasses set the class variables."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    event_type: ClassVar[str]
    version: ClassVar[int] = 1
    producer: ClassVar[str]
    summary: ClassVar[str] = ""

    @classmethod
    def routing_key(cls) -> str:
        return routing_key_for(cls.producer, cls.event_type, cls.version)

    def aggregate_key(self) -> str:
        """The key whose events must be delivered in order (default: the account)."""
        return str(getattr(self, "account_ref", "") or getattr(self, "aggregate_id", "") or "")


def routing_key_for(producer: str, event_type: str, version: int) -> str:
    return f"{producer}.{event_type}.v{version}"


D = TypeVar("D", bound=EventData)


class Envelope(BaseModel, Generic[D]):
    """Metadata common to every event; ``data`` is the versioned payload."""

    model_config = ConfigDict(extra="ignore")

    event_id: uuid.UUID = Field(default_factory=uuid.uuid4)
    event_type: str
    version: int
    occurred_at: datetime = Field(default_factory=lambda: datetime.now(UTC))
    producer: str
    correlation_id: uuid.UUID | None = None
    causation_id: uuid.UUID | None = None
    aggregate_key: str = ""
    sequence: int | None = Field(
        default=None, description="Per-aggregate sequence number where order matters"
    )
    data: D

    @classmethod
    def wrap(
        cls,
        data: EventData,
        *,
        correlation_id: uuid.UUID | None = None,
        causation_id: uuid.UUID | None = None,
        sequence: int | None = None,
        event_id: uuid.UUID | None = None,
        occurred_at: datetime | None = None,
    ) -> Envelope[Any]:
        return Envelope[type(data)](  # type: ignore[misc]
            event_id=event_id or uuid.uuid4(),
            event_type=data.event_type,
            version=data.version,
            occurred_at=occurred_at or datetime.now(UTC),
            producer=data.producer,
            correlation_id=correlation_id,
            causation_id=causation_id,
            aggregate_key=data.aggregate_key(),
            sequence=sequence,
            data=data,
        )

    @property
    def routing_key(self) -> str:
        return routing_key_for(self.producer, self.event_type, self.version)

    def caused(self) -> dict[str, uuid.UUID]:
        """Keyword arguments for events this one causes: same correlation, this as cause."""
        return {"correlation_id": self.correlation_id or self.event_id, "causation_id": self.event_id}
