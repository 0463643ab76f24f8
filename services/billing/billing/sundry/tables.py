from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from billing.db import MONEY, metadata

sundry_debt_table = Table(
    "sundry_debt",
    metadata,
    Column("debt_id", UUID(as_uuid=True), primary_key=True),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("debt_type", String(30), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("description", Text, nullable=False),
    Column("raised_on", Date, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("person_ids", JSONB, nullable=False),
    Column("related_account_ref", String(15), ForeignKey("account.account_ref")),
    Column("raised_by", String(100), nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("debt_type IN ('rechargeable_repair', 'court_costs', 'other')", name="debt_type"),
    CheckConstraint("amount > 0", name="amount_positive"),
)
