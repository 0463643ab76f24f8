"""Payments' tables."""

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Numeric,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import UUID

from shared.db.engine import new_metadata

metadata = new_metadata()
MONEY = Numeric(14, 2)

# What payments knows of billing's accounts, built from AccountOpened/TenancyTerminated.
known_account_table = Table(
    "known_account",
    metadata,
    Column("account_ref", String(15), primary_key=True),
    Column("account_type", String(30), nullable=False),
    Column("status", String(10), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date),
)

payment_table = Table(
    "payment",
    metadata,
    Column("payment_id", UUID(as_uuid=True), primary_key=True),
    Column("source_system", String(40), nullable=False),
    Column("external_id", String(100), nullable=False),
    Column("account_ref", String(15)),
    Column("reference_given", String(35), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("method", String(30), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("source", String(300), nullable=False),
    Column("status", String(12), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("source_system", "external_id", name="uq_payment_external"),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("status IN ('matched', 'suspended', 'reversed')", name="status"),
    Index("ix_payment_account", "account_ref"),
)

suspense_table = Table(
    "suspense_item",
    metadata,
    Column("suspense_id", UUID(as_uuid=True), primary_key=True),
    Column("payment_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("reference_given", String(35), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("method", String(30), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(12), nullable=False, server_default="open"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("ix_suspense_open", "status", "received_on"),
)
