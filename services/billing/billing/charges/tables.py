from sqlalchemy import (
    BigInteger,
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
)

from billing.db import MONEY, metadata

charge_table = Table(
    "charge",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("charge_type", String(30), nullable=False),
    Column("weekly_amount", MONEY, nullable=False),
    Column("benefit_eligible", Boolean, nullable=False),
    Column("effective_from", Date, nullable=False),
    Column("effective_to", Date),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("created_by", String(100), nullable=False),
    Column("reason", Text, nullable=False),
    CheckConstraint("weekly_amount >= 0", name="weekly_amount_not_negative"),
    Index("ix_charge_account", "account_ref", "effective_from"),
)
