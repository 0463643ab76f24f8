"""Breathing Space moratoriums."""

from sqlalchemy import Column, Date, Index, String, Table

from recovery.metadata import MONEY, created_column, metadata, uuid_column

breathing_space_table = Table(
    "breathing_space",
    metadata,
    uuid_column("breathing_space_id", primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("kind", String(30), nullable=False),
    Column("reference", String(60), nullable=False),
    Column("start_date", Date, nullable=False),
    Column("ends_on", Date),
    Column("crisis_treatment_ends_on", Date),
    Column("protected_arrears", MONEY, nullable=False),
    Column("ended_early_on", Date),
    Column("end_reason", String(500)),
    Column("registered_by", String(100), nullable=False),
    created_column(),
    Index("ix_breathing_space_account", "account_ref"),
)
