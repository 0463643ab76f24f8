from sqlalchemy import (
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from billing.db import metadata

property_table = Table(
    "property",
    metadata,
    Column("property_ref", String(30), primary_key=True),
    Column("address", JSONB, nullable=False),
    Column("postcode", String(10), nullable=False),
    Column("patch", String(40), nullable=False),
    Column("area", String(40), nullable=False),
    Column("property_type", String(30), nullable=False),
    Column("bedrooms", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("created_by", String(100), nullable=False),
)


tenancy_table = Table(
    "tenancy",
    metadata,
    Column("tenancy_ref", String(30), primary_key=True),
    Column("property_ref", String(30), ForeignKey("property.property_ref"), nullable=False),
    Column("tenure", String(30), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("end_reason", String(100)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("created_by", String(100), nullable=False),
    Index("ix_tenancy_property", "property_ref"),
)


tenant_table = Table(
    "tenant",
    metadata,
    Column("tenancy_ref", String(30), ForeignKey("tenancy.tenancy_ref"), primary_key=True),
    Column("person_id", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("is_lead", Boolean, nullable=False),
    Column("email", String(200)),
    Column("mobile", String(30)),
    Column("date_of_birth", Date),
    # Succession and joint-to-sole end a tenant's part in the tenancy; the row stays.
    Column("joined_on", Date),
    Column("left_on", Date),
)


# A property leaves the landlord's stock (e.g. sold under Right to Buy): no void follows.
property_disposal_table = Table(
    "property_disposal",
    metadata,
    Column("property_ref", String(30), ForeignKey("property.property_ref"), primary_key=True),
    Column("disposed_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("source", String(200), nullable=False),
    Column("recorded_by", String(100), nullable=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
