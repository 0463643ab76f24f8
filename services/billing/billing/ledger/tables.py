"""Billing's tables."""

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Sequence,
    String,
    Table,
    Text,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from billing.db import MONEY, metadata

account_number_seq = Sequence("account_number_seq", start=1_000_000, metadata=metadata)


account_table = Table(
    "account",
    metadata,
    Column("account_ref", String(15), primary_key=True),
    Column("account_type", String(30), nullable=False),
    Column("tenancy_ref", String(30), ForeignKey("tenancy.tenancy_ref")),
    Column("property_ref", String(30), ForeignKey("property.property_ref")),
    Column("patch", String(40)),
    Column("status", String(10), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date),
    Column("balance", MONEY, nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    CheckConstraint("status IN ('open', 'closed')", name="status"),
    Index("ix_account_tenancy", "tenancy_ref"),
)


posting_table = Table(
    "posting",
    metadata,
    Column("posting_id", UUID(as_uuid=True), primary_key=True),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), nullable=False),
    Column("account_seq", BigInteger, nullable=False),
    Column("posting_type", String(30), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("balance_after", MONEY, nullable=False),
    Column("effective_date", Date, nullable=False),
    Column("rent_year", Integer),
    Column("rent_week", Integer),
    Column("charge_type", String(30)),
    # What caused the posting, unique: the second guard against posting twice.
    Column("source_key", String(200), nullable=False, unique=True),
    Column("source", String(300), nullable=False),
    Column("reason", Text),
    Column("posted_by", String(100), nullable=False),
    Column("posted_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    # Income only: the channel a payment came in by; a reversal's is that of the payment it
    # takes back, when billing has it (the general ledger groups income by channel).
    Column("channel", Text),
    Index("uq_posting_account_seq", "account_ref", "account_seq", unique=True),
    Index("ix_posting_effective", "account_ref", "effective_date"),
    Index("ix_posting_rent_week", "rent_year", "rent_week"),
    # The general ledger's journals select postings by the day they were written.
    Index("ix_posting_posted_at", "posted_at"),
)


year_end_table = Table(
    "year_end",
    metadata,
    Column("rent_year", Integer, primary_key=True, autoincrement=False),
    Column("closed_by", String(100), nullable=False),
    Column("closed_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("accounts", Integer, nullable=False),
    Column("opening", MONEY, nullable=False),
    Column("debits", MONEY, nullable=False),
    Column("credits", MONEY, nullable=False),
    Column("closing", MONEY, nullable=False),
    Column("control_totals", JSONB, nullable=False),
)


year_end_balance_table = Table(
    "year_end_balance",
    metadata,
    Column("rent_year", Integer, ForeignKey("year_end.rent_year"), primary_key=True),
    Column("account_ref", String(15), ForeignKey("account.account_ref"), primary_key=True),
    Column("opening", MONEY, nullable=False),
    Column("debits", MONEY, nullable=False),
    Column("credits", MONEY, nullable=False),
    Column("closing", MONEY, nullable=False),
)
