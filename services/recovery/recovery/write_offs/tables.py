"""Write-off proposals and decisions."""

from sqlalchemy import Column, Date, String, Table

from recovery.metadata import MONEY, created_column, metadata, uuid_column

write_off_table = Table(
    "write_off",
    metadata,
    uuid_column("write_off_id", primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("reason", String(30), nullable=False),
    Column("note", String(500), nullable=False),
    Column("status", String(10), nullable=False),
    Column("proposed_by", String(100), nullable=False),
    Column("decided_by", String(100)),
    Column("decided_on", Date),
    Column("decision_note", String(500)),
    created_column(),
)
