"""Tables of the legacy migration: each loaded extract, the legacy references kept as
aliases of the platform's accounts, the legacy balances reconciled against, and the
transaction history brought over for reference (history is not posted: the migrated
balance already holds it)."""

from sqlalchemy import Column, Date, DateTime, ForeignKey, Index, Integer, String, Table, Text, func
from sqlalchemy.dialects.postgresql import JSONB

from billing.db import MONEY, metadata

migration_batch_table = Table(
    "migration_batch",
    metadata,
    Column("extract_id", String(60), primary_key=True),
    Column("source_system", String(60), nullable=False),
    Column("cut_over_date", Date, nullable=False),
    Column("checksum", String(64), nullable=False),
    Column("counts", JSONB, nullable=False),
    Column("control_total", MONEY, nullable=False),
    Column("reconciliation", JSONB, nullable=False),
    Column("loaded_by", String(100), nullable=False),
    Column("loaded_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


legacy_ref_table = Table(
    "legacy_account_ref",
    metadata,
    Column("legacy_ref", String(35), primary_key=True),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("extract_id", String(60), ForeignKey("migration_batch.extract_id"), nullable=False),
    Index("ix_legacy_account_ref_account", "account_ref"),
)


migration_balance_table = Table(
    "migration_balance",
    metadata,
    Column("extract_id", String(60), ForeignKey("migration_batch.extract_id"), primary_key=True),
    Column("legacy_ref", String(35), primary_key=True),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("legacy_balance", MONEY, nullable=False),
    Column("line_no", Integer),
)


migration_history_table = Table(
    "migration_history",
    metadata,
    Column("extract_id", String(60), ForeignKey("migration_batch.extract_id"), primary_key=True),
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("legacy_transaction_id", String(60), nullable=False),
    Column("transaction_date", Date, nullable=False),
    Column("transaction_type", String(40), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("description", Text),
    Index("ix_migration_history_account", "account_ref", "transaction_date"),
)
