"""Payments' tables."""

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    Numeric,
    Sequence,
    String,
    Table,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from shared.db.engine import new_metadata

metadata = new_metadata()
MONEY = Numeric(14, 2)

# What payments knows of billing's accounts, built from AccountOpened/TenancyTerminated.
known_account_table = Table(
    "known_account",
    metadata,
    Column("account_ref", String(15), primary_key=True),
    Column("account_type", String(30), nullable=False),
    Column("status", String(10), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date),
    Column("weekly_charge", MONEY),
)

payment_table = Table(
    "payment",
    metadata,
    Column("payment_id", UUID(as_uuid=True), primary_key=True),
    Column("source_system", String(40), nullable=False),
    Column("external_id", String(100), nullable=False),
    Column("account_ref", String(15)),
    Column("reference_given", String(35), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("method", String(30), nullable=False),
    Column("channel", String(40), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("source", String(300), nullable=False),
    Column("status", String(12), nullable=False),
    Column("file_id", UUID(as_uuid=True)),
    Column("line_no", Integer),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("source_system", "external_id", name="uq_payment_external"),
    CheckConstraint("amount > 0", name="amount_positive"),
    CheckConstraint("status IN ('matched', 'suspended', 'reversed')", name="status"),
    Index("ix_payment_account", "account_ref"),
    Index("ix_payment_file", "file_id"),
)

suspense_table = Table(
    "suspense_item",
    metadata,
    Column("suspense_id", UUID(as_uuid=True), primary_key=True),
    Column("payment_id", UUID(as_uuid=True), nullable=False, unique=True),
    Column("reference_given", String(35), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("method", String(30), nullable=False),
    Column("received_on", Date, nullable=False),
    Column("reason", Text, nullable=False),
    Column("status", String(12), nullable=False, server_default="open"),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("source", String(300)),
    Column("resolved_by", String(100)),
    Column("resolved_at", DateTime(timezone=True)),
    Column("resolution", Text),
    CheckConstraint("status IN ('open', 'allocated', 'returned')", name="status"),
    Index("ix_suspense_open", "status", "received_on"),
)

# --- income files ------------------------------------------------------------------

# One row per file ever offered; the checksum makes a second offer of the same bytes
# a duplicate. ``records_done`` (records applied, in file order) is the resume point of an
# import that was interrupted.
income_file_table = Table(
    "income_file",
    metadata,
    Column("file_id", UUID(as_uuid=True), primary_key=True),
    Column("checksum", String(64), nullable=False, unique=True),
    Column("format", String(20), nullable=False),
    Column("filename", String(255), nullable=False),
    Column("source_system", String(40), nullable=False),
    Column("origin", String(12), nullable=False),
    Column("status", String(12), nullable=False),
    Column("received_by", String(100), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("finished_at", DateTime(timezone=True)),
    Column("rejection_reason", Text),
    Column("records_done", Integer, nullable=False, server_default="0"),
    Column("records", Integer, nullable=False, server_default="0"),
    Column("accepted", Integer, nullable=False, server_default="0"),
    Column("rejected", Integer, nullable=False, server_default="0"),
    Column("unmatched", Integer, nullable=False, server_default="0"),
    Column("duplicates", Integer, nullable=False, server_default="0"),
    Column("accepted_amount", MONEY, nullable=False, server_default="0"),
    Column("unmatched_amount", MONEY, nullable=False, server_default="0"),
    Column("control", JSONB),
    CheckConstraint("status IN ('processing', 'imported', 'rejected')", name="status"),
)

# Records that were not simply accepted (rejected, unmatched, duplicate), for the report;
# keyed by record number, as an XML file may hold several records on one line.
income_file_line_table = Table(
    "income_file_line",
    metadata,
    Column("file_id", UUID(as_uuid=True), primary_key=True),
    Column("record_no", Integer, primary_key=True),
    Column("line_no", Integer, nullable=False),
    Column("outcome", String(12), nullable=False),
    Column("reason", Text, nullable=False),
    Column("reference", String(35)),
    Column("amount", MONEY),
)

suspense_allocation_table = Table(
    "suspense_allocation",
    metadata,
    Column("allocation_id", UUID(as_uuid=True), primary_key=True),
    Column("suspense_id", UUID(as_uuid=True), nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("allocated_by", String(100), nullable=False),
    Column("allocated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("amount > 0", name="amount_positive"),
    Index("ix_suspense_allocation_suspense", "suspense_id"),
)

# Behaviour that staff may change without a redeploy (audited through the API).
setting_table = Table(
    "payments_setting",
    metadata,
    Column("key", String(60), primary_key=True),
    Column("value", JSONB, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

# --- Direct Debit --------------------------------------------------------------------

mandate_table = Table(
    "dd_mandate",
    metadata,
    Column("mandate_id", UUID(as_uuid=True), primary_key=True),
    Column("mandate_ref", String(18), nullable=False, unique=True),
    Column("account_ref", String(15), nullable=False),
    Column("payer_name", String(18), nullable=False),
    Column("sort_code", String(6), nullable=False),
    Column("account_number", String(8), nullable=False),
    Column("frequency", String(12), nullable=False),
    Column("collection_day", Integer, nullable=False),
    Column("first_collection", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    Column("cancelled_on", Date),
    Column("cancel_reason", Text),
    CheckConstraint("status IN ('pending', 'active', 'cancelled', 'rejected')", name="status"),
    Index("ix_dd_mandate_account", "account_ref"),
)

# The instalment a mandate collects from a date; a change is only effective from a
# collection the payer was given advance notice of.
mandate_amount_table = Table(
    "dd_mandate_amount",
    metadata,
    Column("mandate_id", UUID(as_uuid=True), primary_key=True),
    Column("effective_from", Date, primary_key=True),
    Column("amount", MONEY, nullable=False),
    Column("reason", Text, nullable=False),
    Column("noticed_on", Date, nullable=False),
)

# AUDDIS instructions waiting for (or lodged in) an instruction file.
instruction_table = Table(
    "dd_instruction",
    metadata,
    Column("instruction_id", UUID(as_uuid=True), primary_key=True),
    Column("mandate_id", UUID(as_uuid=True), nullable=False),
    Column("code", String(2), nullable=False),
    # The bank details the instruction is for (a cancel names the old bank after an amendment).
    Column("sort_code", String(6), nullable=False),
    Column("account_number", String(8), nullable=False),
    Column("payer_name", String(18), nullable=False),
    Column("file_id", UUID(as_uuid=True)),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("code IN ('0N', '0C', '0S')", name="code"),
    Index("ix_dd_instruction_pending", "file_id"),
)

collection_table = Table(
    "dd_collection",
    metadata,
    Column("collection_id", UUID(as_uuid=True), primary_key=True),
    Column("mandate_id", UUID(as_uuid=True), nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("due_date", Date, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("txn_code", String(2), nullable=False),
    Column("status", String(10), nullable=False),
    Column("file_id", UUID(as_uuid=True)),
    Column("represents", UUID(as_uuid=True)),
    CheckConstraint("status IN ('scheduled', 'submitted', 'unpaid', 'cancelled')", name="status"),
    UniqueConstraint("mandate_id", "due_date", "txn_code", name="uq_dd_collection_due"),
    Index("ix_dd_collection_due", "due_date", "status"),
)

# Each Bacs file's serial (VOL1/HDR1) is drawn from a sequence, so files generated at the
# same moment never share one (a rolled-back generation leaves a gap, which Bacs allows).
bacs_file_serial = Sequence("bacs_file_serial", metadata=metadata)

bacs_file_table = Table(
    "bacs_file",
    metadata,
    Column("file_id", UUID(as_uuid=True), primary_key=True),
    Column("serial", Integer, nullable=False, unique=True),
    Column("kind", String(12), nullable=False),
    Column("processing_date", Date, nullable=False),
    Column("records", Integer, nullable=False),
    Column("total_amount", MONEY, nullable=False),
    Column("content", Text, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("kind IN ('auddis', 'collection')", name="kind"),
)

# Money taken back from an account: HB overpayment deductions, unpaid Direct Debits.
reversal_table = Table(
    "reversal",
    metadata,
    Column("reversal_id", UUID(as_uuid=True), primary_key=True),
    Column("source_system", String(40), nullable=False),
    Column("external_id", String(100), nullable=False),
    Column("payment_id", UUID(as_uuid=True)),
    Column("account_ref", String(15), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("method", String(30), nullable=False),
    Column("reason_code", String(20), nullable=False),
    Column("reason", Text, nullable=False),
    Column("reversed_on", Date, nullable=False),
    Column("source", String(300), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    UniqueConstraint("source_system", "external_id", name="uq_reversal_external"),
    CheckConstraint("amount > 0", name="amount_positive"),
    Index("ix_reversal_account", "account_ref"),
)
