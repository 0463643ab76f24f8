from sqlalchemy import (
    BigInteger,
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
from sqlalchemy.dialects.postgresql import JSONB, UUID

from billing.db import MONEY, RATE, metadata

water_agreement_table = Table(
    "water_agreement",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("effective_from", Date, nullable=False, unique=True),
    Column("void_allowance_rate", RATE, nullable=False),
    Column("commission_rate", RATE, nullable=False),
    Column("basis", String(20), nullable=False),
    Column("set_by", String(100), nullable=False),
    Column("set_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("reason", Text, nullable=False),
    CheckConstraint("basis IN ('collected', 'debited')", name="basis"),
    CheckConstraint("void_allowance_rate >= 0 AND void_allowance_rate < 1", name="void_rate"),
    CheckConstraint("commission_rate >= 0 AND commission_rate < 1", name="commission_rate"),
)


water_reconciliation_table = Table(
    "water_reconciliation",
    metadata,
    Column("reconciliation_id", UUID(as_uuid=True), primary_key=True),
    Column("period_from", Date, nullable=False),
    Column("period_to", Date, nullable=False),
    Column("agreement", JSONB, nullable=False),
    Column("figures", JSONB, nullable=False),
    Column("payable", MONEY, nullable=False),
    Column("payment_due", Date, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Index("uq_water_reconciliation_period", "period_from", "period_to", unique=True),
)


water_reconciliation_line_table = Table(
    "water_reconciliation_line",
    metadata,
    Column("reconciliation_id", UUID(as_uuid=True), ForeignKey("water_reconciliation.reconciliation_id"),
           primary_key=True),
    Column("account_ref", String(15), primary_key=True),
    Column("debited", MONEY, nullable=False),
    Column("water_debited", MONEY, nullable=False),
    Column("receipts", MONEY, nullable=False),
    Column("water_collected", MONEY, nullable=False),
)
