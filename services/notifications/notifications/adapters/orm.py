"""Notifications' tables."""

from sqlalchemy import Column, DateTime, Index, String, Table, Text, UniqueConstraint, func
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.db.engine import new_metadata

metadata = new_metadata()

# The delivery log: one row per notification, unique per causing event and letter type.
notification_table = Table(
    "notification",
    metadata,
    Column("notification_id", UUID(as_uuid=True), primary_key=True),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("event_type", String(80), nullable=False),
    Column("letter_type", String(60), nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("status", String(12), nullable=False),
    Column("data", JSONB, nullable=False),
    Column("failure_reason", Text),
    Column("requested_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now(),
           onupdate=func.now()),
    UniqueConstraint("event_id", "letter_type", name="uq_notification_event_letter"),
    Index("ix_notification_account", "account_ref"),
    Index("ix_notification_status", "status"),
)
