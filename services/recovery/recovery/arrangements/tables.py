"""Payment arrangements and each period's assessment."""

from sqlalchemy import BigInteger, Boolean, Column, Date, DateTime, Index, Integer, String, Table, func
from sqlalchemy.dialects.postgresql import JSONB

from recovery.metadata import MONEY, created_column, metadata, uuid_column

arrangement_table = Table(
    "arrangement",
    metadata,
    uuid_column("arrangement_id", primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("status", String(12), nullable=False),
    Column("source", String(20), nullable=False),
    Column("frequency", String(20), nullable=False),
    Column("instalment", MONEY, nullable=False),
    Column("weekly_charge", MONEY, nullable=False),
    Column("arrears_at_start", MONEY, nullable=False),
    Column("start_date", Date, nullable=False),
    Column("assessment", JSONB),
    Column("disposable_weekly", MONEY),
    Column("schedule", JSONB, nullable=False),
    Column("agreed_by", String(100), nullable=False),
    Column("breached_on", Date),
    Column("breach_reason", String(500)),
    Column("cancelled_on", Date),
    Column("cancelled_by", String(100)),
    Column("cancel_reason", String(500)),
    created_column(),
    Index("ix_arrangement_account", "account_ref"),
)

# Every status an arrangement took, when, by whom and why: its history as officers read it.
arrangement_status_table = Table(
    "arrangement_status",
    metadata,
    Column("id", BigInteger, primary_key=True, autoincrement=True),
    uuid_column("arrangement_id", nullable=False),
    Column("status", String(12), nullable=False),
    Column("changed_on", Date, nullable=False),
    Column("changed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("changed_by", String(100), nullable=False),
    Column("reason", String(500)),
    Index("ix_arrangement_status_arrangement", "arrangement_id", "id"),
)

arrangement_period_table = Table(
    "arrangement_period",
    metadata,
    uuid_column("arrangement_id", primary_key=True),
    Column("period_no", Integer, primary_key=True),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("expected", MONEY, nullable=False),
    Column("paid", MONEY, nullable=False),
    # NULL: not assessed, the period fell in a Breathing Space moratorium.
    Column("kept", Boolean),
    Column("reason", String(200), nullable=False),
    Column("assessed_on", Date, nullable=False),
)
