"""Tables every service has: outbox and its partitions, inbox, stored idempotent
responses and the append-only audit log. Services create them in their first migration."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.db.engine import new_metadata

# Rows of one aggregate always fall in one partition; a relay owns a partition while
# it publishes, so per-aggregate order survives several relays running at once.
OUTBOX_PARTITIONS = 16

PLATFORM_METADATA = new_metadata()

outbox_table = Table(
    "outbox",
    PLATFORM_METADATA,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("event_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("event_type", String(80), nullable=False),
    Column("routing_key", String(200), nullable=False),
    Column("aggregate_key", String(200), nullable=False),
    Column("partition", SmallInteger, nullable=False),
    Column("body", LargeBinary, nullable=False),
    Column("headers", JSONB, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("published_at", DateTime(timezone=True)),
    Index(
        "ix_outbox_unpublished",
        "partition",
        "id",
        postgresql_where=text("published_at IS NULL"),
    ),
    Index("ix_outbox_published_at", "published_at"),
)

outbox_partition_table = Table(
    "outbox_partition",
    PLATFORM_METADATA,
    Column("partition", SmallInteger, primary_key=True, autoincrement=False),
)

inbox_table = Table(
    "inbox",
    PLATFORM_METADATA,
    Column("consumer", String(120), primary_key=True),
    Column("message_id", String(200), primary_key=True),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

idempotency_table = Table(
    "idempotency_key",
    PLATFORM_METADATA,
    Column("scope", String(120), primary_key=True),
    Column("key", String(200), primary_key=True),
    Column("principal", String(200), nullable=False),
    Column("request_hash", String(64), nullable=False),
    Column("status_code", Integer, nullable=False),
    Column("response", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


audit_table = Table(
    "audit_log",
    PLATFORM_METADATA,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("actor", String(100), nullable=False),
    Column("action", String(60), nullable=False),
    Column("entity", String(60), nullable=False),
    Column("entity_id", String(100), nullable=False),
    Column("before", JSONB),
    Column("after", JSONB),
    Column("reason", Text),
    Column("source", String(300)),
    Index("ix_audit_log_entity", "entity", "entity_id"),
)
