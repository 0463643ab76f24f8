"""Former tenant arrears cases, traces, and debt collection agencies with their referrals."""

from sqlalchemy import Boolean, Column, Date, DateTime, Index, Integer, Numeric, String, Table, func, text
from sqlalchemy.dialects.postgresql import JSONB

from recovery.metadata import MONEY, created_column, metadata, uuid_column

fta_case_table = Table(
    "fta_case",
    metadata,
    uuid_column("fta_id", primary_key=True),
    Column("account_ref", String(15), nullable=False, unique=True),
    Column("tenancy_ref", String(30)),
    Column("tenancy_ended_on", Date, nullable=False),
    Column("end_reason", String(200)),
    Column("balance_at_termination", MONEY, nullable=False),
    Column("status", String(12), nullable=False),
    Column("benefit_check", String(20), nullable=False),
    Column("benefit_check_note", String(500)),
    # The officer's check: who, when, and what they confirmed is still to come from
    # HB/UC (with the HB/UC credited on the account then, so later credits reduce it).
    Column("benefit_checked_by", String(100)),
    Column("benefit_checked_on", Date),
    Column("benefit_due", MONEY),
    Column("benefit_credited_at_check", MONEY),
    Column("last_acknowledged_on", Date),
    Column("traced_address", JSONB),
    created_column(),
)

fta_trace_table = Table(
    "fta_trace",
    metadata,
    uuid_column("trace_id", primary_key=True),
    uuid_column("fta_id", nullable=False),
    Column("method", String(60), nullable=False),
    Column("requested_on", Date, nullable=False),
    Column("requested_by", String(100), nullable=False),
    Column("result", String(12), nullable=False),
    Column("result_on", Date),
    Column("result_by", String(100)),
    Column("new_address", JSONB),
    created_column(),
)

dca_agency_table = Table(
    "dca_agency",
    metadata,
    Column("agency_code", String(20), primary_key=True),
    Column("name", String(120), nullable=False),
    Column("commission_percent", Numeric(5, 2), nullable=False),
    Column("active", Boolean, nullable=False),
    Column("updated_by", String(100), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now()),
)

dca_batch_table = Table(
    "dca_batch",
    metadata,
    uuid_column("batch_id", primary_key=True),
    Column("agency_code", String(20), nullable=False),
    Column("referred_on", Date, nullable=False),
    Column("created_by", String(100), nullable=False),
    Column("referrals", Integer, nullable=False),
    Column("total", MONEY, nullable=False),
    created_column(),
)

dca_referral_table = Table(
    "dca_referral",
    metadata,
    uuid_column("referral_id", primary_key=True),
    uuid_column("batch_id", nullable=False),
    uuid_column("fta_id", nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("agency_code", String(20), nullable=False),
    Column("referred_on", Date, nullable=False),
    Column("balance_referred", MONEY, nullable=False),
    Column("status", String(10), nullable=False),
    Column("recalled_on", Date),
    Column("recall_reason", String(500)),
    Index("uq_dca_referral_placed", "fta_id", unique=True, postgresql_where=text("status = 'placed'")),
)
