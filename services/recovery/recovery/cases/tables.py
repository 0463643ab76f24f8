"""Recovery cases and the actions recorded on them."""

from sqlalchemy import Boolean, Column, Date, Index, String, Table, text
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from recovery.metadata import created_column, metadata, uuid_column

recovery_case_table = Table(
    "recovery_case",
    metadata,
    uuid_column("case_id", primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("policy_code", String(40), nullable=False),
    Column("status", String(10), nullable=False),
    Column("opened_on", Date, nullable=False),
    Column("closed_on", Date),
    Column("closed_reason", String(40)),
    Column("stage", String(40)),
    Column("stage_on", Date),
    Column("court_date", Date),
    Column("notice_served_on", Date),
    Column("notice_usable_from", Date),
    Column("notice_expires_on", Date),
    Column("court_order", String(40)),
    Column("order_terms", JSONB),
    Column("possession_date", Date),
    Column("order_breached", Boolean, nullable=False, server_default=text("false")),
    Column("eviction_date", Date),
    # The stages taken and the waiting period, kept as actions are recorded so the
    # daily run reads them without aggregating every case's actions.
    Column("stages", ARRAY(String(40)), nullable=False, server_default=text("'{}'")),
    Column("stage_dates", ARRAY(Date), nullable=False, server_default=text("'{}'")),
    Column("wait_until", Date),
    # Each kind of action recorded on the case once: the pre-action protocol evidence.
    Column("actions_taken", ARRAY(String(40)), nullable=False, server_default=text("'{}'")),
    # An officer's pause: no action is recommended on the case to the end of paused_until.
    Column("paused_until", Date),
    Column("pause_reason", String(40)),
    Column("pause_note", String(500)),
    Column("paused_by", String(100)),
    Column("paused_on", Date),
    Index("uq_recovery_case_open_account", "account_ref", unique=True,
          postgresql_where=text("status = 'open'")),
)

case_action_table = Table(
    "case_action",
    metadata,
    uuid_column("action_id", primary_key=True),
    uuid_column("case_id", nullable=False),
    Column("account_ref", String(15), nullable=False),
    Column("action", String(40), nullable=False),
    Column("stage", String(40)),
    Column("taken_on", Date, nullable=False),
    Column("officer", String(100), nullable=False),
    Column("outcome", String(200)),
    Column("details", JSONB, nullable=False, server_default=text("'{}'::jsonb")),
    Column("wait_until", Date),
    uuid_column("recommendation_id"),
    created_column(),
    Index("ix_case_action_case", "case_id", "taken_on"),
)
