"""Billing's tables."""

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    Sequence,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.db.engine import new_metadata

metadata = new_metadata()

MONEY = Numeric(14, 2)

account_number_seq = Sequence("account_number_seq", start=1_000_000, metadata=metadata)

property_table = Table(
    "property",
    metadata,
    Column("property_ref", String(30), primary_key=True),
    Column("address", JSONB, nullable=False),
    Column("postcode", String(10), nullable=False),
    Column("patch", String(40), nullable=False),
    Column("area", String(40), nullable=False),
    Column("property_type", String(30), nullable=False),
    Column("bedrooms", Integer, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("created_by", String(100), nullable=False),
)

tenancy_table = Table(
    "tenancy",
    metadata,
    Column("tenancy_ref", String(30), primary_key=True),
    Column("property_ref", String(30), ForeignKey("property.property_ref"), nullable=False),
    Column("tenure", String(30), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("end_date", Date),
    Column("end_reason", String(100)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("created_by", String(100), nullable=False),
    Index("ix_tenancy_property", "property_ref"),
)

tenant_table = Table(
    "tenant",
    metadata,
    Column("tenancy_ref", String(30), ForeignKey("tenancy.tenancy_ref"), primary_key=True),
    Column("person_id", String(40), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("is_lead", Boolean, nullable=False),
    Column("email", String(200)),
    Column("mobile", String(30)),
    Column("date_of_birth", Date),
    # Succession and joint-to-sole end a tenant's part in the tenancy; the row stays.
    Column("joined_on", Date),
    Column("left_on", Date),
)

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
)

rent_free_week_table = Table(
    "rent_free_week",
    metadata,
    Column("rent_year", Integer, primary_key=True, autoincrement=False),
    Column("week_number", Integer, primary_key=True, autoincrement=False),
    Column("reason", Text, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("week_number BETWEEN 1 AND 53", name="week_number"),
)

# Behaviour that staff configure (approval thresholds...): changed through the API, audited.
setting_table = Table(
    "billing_setting",
    metadata,
    Column("key", String(60), primary_key=True),
    Column("value", Text, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

debit_run_table = Table(
    "debit_run",
    metadata,
    Column("run_id", UUID(as_uuid=True), primary_key=True),
    Column("rent_year", Integer, nullable=False),
    Column("rent_week", Integer, nullable=False),
    Column("week_starts", Date, nullable=False),
    Column("status", String(20), nullable=False),
    Column("requested_by", String(100), nullable=False),
    Column("requested_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("started_at", DateTime(timezone=True)),
    Column("finished_at", DateTime(timezone=True)),
    # The last account fully debited: a resumed run carries on after it.
    Column("cursor", String(15), nullable=False, server_default=""),
    Column("batches", Integer, nullable=False, server_default="0"),
    Column("accounts_total", Integer, nullable=False, server_default="0"),
    Column("accounts_done", Integer, nullable=False, server_default="0"),
    Column("postings_count", Integer, nullable=False, server_default="0"),
    Column("amount_posted", MONEY, nullable=False, server_default="0"),
    Column("error", Text),
    Column("reconciliation", JSONB),
    CheckConstraint(
        "status IN ('queued', 'running', 'completed', 'failed', 'skipped')", name="status"
    ),
    # One run at a time per rent week; finished runs stay as the record.
    Index(
        "uq_debit_run_active_week", "rent_year", "rent_week", unique=True,
        postgresql_where=text("status IN ('queued', 'running')"),
    ),
)

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
