"""Notifications' tables."""

from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.db.engine import new_metadata

metadata = new_metadata()

# The delivery log: one row per notification, unique per causing event and letter type.
# Status: requested → rendered → sending → sent → delivered, or failed (with the reason).
notification_table = Table(
    "notification",
    metadata,
    Column("notification_id", UUID(as_uuid=True), primary_key=True),
    Column("event_id", UUID(as_uuid=True), nullable=False),
    Column("event_type", String(80), nullable=False),
    Column("event_version", SmallInteger, nullable=False, server_default=text("1")),
    Column("letter_type", String(60), nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("channel", String(10), nullable=False),
    Column("status", String(12), nullable=False),
    Column("data", JSONB, nullable=False),
    Column("failure_reason", Text),
    Column("requested_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now(),
           onupdate=func.now()),
    Column("format", String(12), nullable=False, server_default="standard"),
    Column("recipient", JSONB),
    Column("route_note", Text),
    Column("template_version", Integer),
    Column("attempts", Integer, nullable=False, server_default=text("0")),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("provider_ref", String(200)),
    Column("rendered_at", DateTime(timezone=True)),
    Column("sent_at", DateTime(timezone=True)),
    Column("delivered_at", DateTime(timezone=True)),
    Column("batch_id", UUID(as_uuid=True)),
    UniqueConstraint("event_id", "letter_type", name="uq_notification_event_letter"),
    Index("ix_notification_account", "account_ref"),
    Index("ix_notification_status", "status"),
    Index("ix_notification_due", "next_attempt_at",
          postgresql_where=text("status IN ('requested', 'rendered', 'sending')")),
    Index("ix_notification_print_queue", "letter_type", "rendered_at",
          postgresql_where=text("status = 'rendered' AND channel = 'letter'")),
)

# The letter as rendered: kept as the record of what was sent.
notification_document_table = Table(
    "notification_document",
    metadata,
    Column("notification_id", UUID(as_uuid=True),
           ForeignKey("notification.notification_id", ondelete="CASCADE"), primary_key=True),
    Column("pdf", LargeBinary, nullable=False),
    Column("pages", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("summary", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Tenants' names and addresses, projected from billing's TenancyStarted/Terminated.
contact_table = Table(
    "contact",
    metadata,
    Column("account_ref", String(15), primary_key=True),
    Column("person_id", String(60), primary_key=True),
    Column("tenancy_ref", String(40)),
    Column("name", String(200), nullable=False),
    Column("is_lead", Boolean, nullable=False),
    Column("email", String(254)),
    Column("mobile", String(30)),
    Column("address", JSONB, nullable=False),
    Column("forwarding_address", JSONB, nullable=False, server_default=text("'[]'::jsonb")),
    Column("tenancy_status", String(10), nullable=False, server_default="current"),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now(),
           onupdate=func.now()),
    Index("ix_contact_person", "person_id"),
)

# Each account's patch (from AccountOpened): officers limited to patches see only theirs.
account_table = Table(
    "account",
    metadata,
    Column("account_ref", String(15), primary_key=True),
    Column("account_type", String(30), nullable=False),
    Column("patch", String(20)),
)

# Each tenant's own choice of channel and format (edited through the API, audited).
contact_preference_table = Table(
    "contact_preference",
    metadata,
    Column("person_id", String(60), primary_key=True),
    Column("channel", String(10), nullable=False),
    Column("format", String(12), nullable=False),
    Column("email", String(254)),
    Column("mobile", String(30)),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# Behaviour-changing configuration (landlord details, delivery policy, Notify templates).
setting_table = Table(
    "notification_setting",
    metadata,
    Column("key", String(40), primary_key=True),
    Column("value", JSONB, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

mail_merge_batch_table = Table(
    "mail_merge_batch",
    metadata,
    Column("batch_id", UUID(as_uuid=True), primary_key=True),
    Column("letter_type", String(60), nullable=False),
    Column("day", Date, nullable=False),
    Column("letter_count", Integer, nullable=False),
    Column("page_count", Integer, nullable=False),
    Column("pdf", LargeBinary, nullable=False),
    Column("manifest", Text, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_mail_merge_batch_day", "day", "letter_type"),
)
