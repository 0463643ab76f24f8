"""The daily runs and the recommendations they make."""

from sqlalchemy import Column, Date, DateTime, Index, Integer, Numeric, String, Table, Text

from recovery.metadata import MONEY, created_column, metadata, uuid_column

daily_run_table = Table(
    "daily_run",
    metadata,
    uuid_column("run_id", primary_key=True),
    Column("run_date", Date, nullable=False, unique=True),
    Column("run_by", String(100), nullable=False),
    Column("accounts_evaluated", Integer, nullable=False),
    Column("recommended", Integer, nullable=False),
    Column("held", Integer, nullable=False),
    Column("periods_assessed", Integer, nullable=False),
    Column("breaches", Integer, nullable=False),
    Column("seconds", Numeric(8, 3), nullable=False),
    created_column(),
)

recommendation_table = Table(
    "recommendation",
    metadata,
    uuid_column("recommendation_id", primary_key=True),
    uuid_column("run_id", nullable=False),
    Column("run_date", Date, nullable=False),
    uuid_column("case_id", nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("patch", String(40)),
    Column("policy_code", String(40), nullable=False),
    Column("stage", String(40), nullable=False),
    Column("action", String(40), nullable=False),
    Column("letter_type", String(40)),
    Column("reason", Text, nullable=False),
    Column("hold", String(40)),
    Column("risk_score", Numeric(6, 2), nullable=False),
    Column("rank", Integer),
    Column("arrears", MONEY, nullable=False),
    Column("weeks_in_arrears", Numeric(8, 2)),
    Column("payer_profile", String(30), nullable=False),
    Column("status", String(12), nullable=False),
    Column("decided_by", String(100)),
    Column("decided_at", DateTime(timezone=True)),
    Column("skip_reason", String(500)),
    Column("skip_note", String(500)),
    Index("ix_recommendation_caseload", "status", "patch", "rank"),
    Index("ix_recommendation_case", "case_id"),
)
