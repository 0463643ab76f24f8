from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    String,
    Table,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB

from billing.db import MONEY, metadata

service_charge_invoice_table = Table(
    "service_charge_invoice",
    metadata,
    Column("invoice_ref", String(60), primary_key=True),
    Column("run_ref", String(80), nullable=False),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("invoice_type", String(20), nullable=False),
    Column("scheme_ref", String(30)),
    Column("period_from", Date),
    Column("period_to", Date),
    Column("amount", MONEY, nullable=False),
    Column("due_date", Date, nullable=False),
    Column("lines", JSONB, nullable=False),
    Column("works_ref", String(30)),
    Column("raised_by", String(100), nullable=False),
    Column("raised_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint(
        "invoice_type IN ('estimate', 'balancing', 'major_works', 'ground_rent', 'sundry')", name="invoice_type"
    ),
    Index("ix_sc_invoice_run", "run_ref"),
    Index("ix_sc_invoice_account", "account_ref"),
)
