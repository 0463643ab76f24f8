from sqlalchemy import (
    CheckConstraint,
    Column,
    DateTime,
    Integer,
    String,
    Table,
    Text,
    func,
)

from billing.db import metadata

rent_free_week_table = Table(
    "rent_free_week",
    metadata,
    Column("rent_year", Integer, primary_key=True, autoincrement=False),
    Column("week_number", Integer, primary_key=True, autoincrement=False),
    Column("reason", Text, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("week_number BETWEEN 1 AND 53", name="week_number"),
)


# Behaviour that staff configure (approval thresholds...): changed through the API, audited.
setting_table = Table(
    "billing_setting",
    metadata,
    Column("key", String(60), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)
