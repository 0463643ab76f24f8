from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from billing.db import MONEY, metadata

void_table = Table(
    "void_period",
    metadata,
    Column("void_id", UUID(as_uuid=True), primary_key=True),
    Column("property_ref", String(30), ForeignKey("property.property_ref"), nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("reason", String(40), nullable=False),
    Column("note", Text),
    Column("automatic", Boolean, nullable=False),
    Column("previous_tenancy_ref", String(30), ForeignKey("tenancy.tenancy_ref")),
    Column("next_tenancy_ref", String(30), ForeignKey("tenancy.tenancy_ref")),
    # The weekly charges the home would earn if let (from the last tenancy's charges).
    Column("weekly_charges", JSONB, nullable=False),
    Column("weekly_loss", MONEY, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("ended_by", String(100)),
    CheckConstraint("ends_on IS NULL OR ends_on >= starts_on", name="dates"),
    # A property is void at most once at a time.
    Index("uq_void_period_open", "property_ref", unique=True, postgresql_where=text("ends_on IS NULL")),
    Index("ix_void_period_dates", "starts_on", "ends_on"),
)
