from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
    func,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

from billing.db import MONEY, metadata

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
