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
)
from sqlalchemy.dialects.postgresql import UUID

from billing.db import MONEY, metadata

adjustment_table = Table(
    "adjustment",
    metadata,
    Column("adjustment_id", UUID(as_uuid=True), primary_key=True),
    Column("kind", String(20), nullable=False),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("to_account_ref", String(15), ForeignKey("account.account_ref")),
    Column("amount", MONEY, nullable=False),
    Column("reason_code", String(40), nullable=False),
    Column("reason", Text, nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("requested_by", String(100), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("decided_by", String(100)),
    Column("decided_at", DateTime(timezone=True)),
    Column("decision_note", Text),
    CheckConstraint("kind IN ('adjustment', 'transfer')", name="kind"),
    CheckConstraint("status IN ('pending_approval', 'posted', 'rejected')", name="status"),
    Index("ix_adjustment_status", "status"),
)
