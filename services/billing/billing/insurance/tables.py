from sqlalchemy import (
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
from sqlalchemy.dialects.postgresql import UUID

from billing.db import MONEY, metadata

insurance_cover_table = Table(
    "insurance_cover",
    metadata,
    Column("cover_id", UUID(as_uuid=True), primary_key=True),
    Column("tenancy_ref", String(30), ForeignKey("tenancy.tenancy_ref"), nullable=False),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("weekly_premium", MONEY, nullable=False),
    Column("sum_insured", MONEY, nullable=False),
    Column("starts_on", Date, nullable=False),
    Column("ends_on", Date),
    Column("end_reason", Text),
    Column("opted_in_by", String(100), nullable=False),
    Column("opted_out_by", String(100)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("weekly_premium > 0", name="weekly_premium_positive"),
    CheckConstraint("ends_on IS NULL OR ends_on >= starts_on - 1", name="dates"),
    Index("uq_insurance_cover_live", "tenancy_ref", unique=True, postgresql_where=text("ends_on IS NULL")),
)
