from sqlalchemy import (
    Boolean,
    CheckConstraint,
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
from sqlalchemy.dialects.postgresql import JSONB, UUID

from billing.db import MONEY, metadata

rent_review_table = Table(
    "rent_review",
    metadata,
    Column("review_id", UUID(as_uuid=True), primary_key=True),
    Column("rent_year", Integer, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("policy", JSONB, nullable=False),
    Column("status", String(20), nullable=False),
    Column("totals", JSONB, nullable=False),
    Column("rejected_lines", JSONB, nullable=False, server_default="[]"),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("reason", Text, nullable=False),
    Column("committed_by", String(100)),
    Column("committed_at", DateTime(timezone=True)),
    CheckConstraint("status IN ('preview', 'committed', 'withdrawn')", name="status"),
    Index("ix_rent_review_year", "rent_year"),
)


rent_review_line_table = Table(
    "rent_review_line",
    metadata,
    Column("review_id", UUID(as_uuid=True), ForeignKey("rent_review.review_id"), primary_key=True),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), primary_key=True),
    Column("charge_type", String(30), primary_key=True),
    Column("old_amount", MONEY, nullable=False),
    Column("new_amount", MONEY, nullable=False),
    Column("capped", Boolean, nullable=False),
    Column("outlier", Boolean, nullable=False),
    Column("note", Text),
)
