"""Tables of the general ledger interface: the configurable mapping of ledger activity to
ledger codes and cost centres, and each exported journal with its lines and the postings
behind every line."""

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import UUID

from billing.db import MONEY, metadata

gl_mapping_table = Table(
    "gl_mapping",
    metadata,
    # category: a posting type, or 'control' for the debtor side; qualifier: the charge
    # type, income channel or account type it narrows to, '*' for any.
    Column("category", String(30), primary_key=True),
    Column("qualifier", String(40), primary_key=True),
    Column("ledger_code", String(30), nullable=False),
    Column("cost_centre", String(30), nullable=False),
    Column("description", Text, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)


gl_journal_table = Table(
    "gl_journal",
    metadata,
    Column("journal_id", UUID(as_uuid=True), primary_key=True),
    Column("kind", String(10), nullable=False),
    Column("period_from", Date, nullable=False),
    Column("period_to", Date, nullable=False),
    Column("status", String(10), nullable=False),
    Column("reverses", UUID(as_uuid=True), ForeignKey("gl_journal.journal_id")),
    Column("reversed_by", UUID(as_uuid=True), ForeignKey("gl_journal.journal_id")),
    Column("total_debit", MONEY, nullable=False),
    Column("total_credit", MONEY, nullable=False),
    Column("lines_count", Integer, nullable=False),
    Column("postings_count", Integer, nullable=False),
    Column("reason", Text),
    Column("created_by", String(100), nullable=False),
    # An export's is the database clock at the ledger gate: postings stamped later are not in it.
    Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
    CheckConstraint("kind IN ('export', 'reversal')", name="kind"),
    CheckConstraint("status IN ('exported', 'reversed')", name="status"),
    CheckConstraint("total_debit = total_credit", name="balanced"),
    # A period's postings are exported once: one live export per period start.
    Index("uq_gl_journal_live_period", "period_from", unique=True,
          postgresql_where=text("kind = 'export' AND status = 'exported'")),
)


gl_journal_line_table = Table(
    "gl_journal_line",
    metadata,
    Column("journal_id", UUID(as_uuid=True), ForeignKey("gl_journal.journal_id"), primary_key=True),
    Column("line_no", Integer, primary_key=True, autoincrement=False),
    Column("group_no", Integer, nullable=False),
    Column("side", String(10), nullable=False),
    Column("category", String(30), nullable=False),
    Column("qualifier", String(40), nullable=False),
    Column("ledger_code", String(30), nullable=False),
    Column("cost_centre", String(30), nullable=False),
    Column("debit", MONEY, nullable=False),
    Column("credit", MONEY, nullable=False),
    Column("postings_count", Integer, nullable=False),
    Column("description", Text, nullable=False),
    CheckConstraint("side IN ('control', 'contra')", name="side"),
)


gl_journal_posting_table = Table(
    "gl_journal_posting",
    metadata,
    Column("journal_id", UUID(as_uuid=True), ForeignKey("gl_journal.journal_id"), primary_key=True),
    Column("posting_id", UUID(as_uuid=True), ForeignKey("posting.posting_id"), primary_key=True),
    Column("group_no", Integer, nullable=False),
    Index("ix_gl_journal_posting_posting", "posting_id"),
)

