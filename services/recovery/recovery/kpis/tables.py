"""The daily arrears snapshots behind the KPI trend."""

from sqlalchemy import Column, Date, Integer, Table

from recovery.metadata import MONEY, metadata

arrears_snapshot_table = Table(
    "arrears_snapshot",
    metadata,
    Column("run_date", Date, primary_key=True),
    Column("current_arrears", MONEY, nullable=False),
    Column("accounts_in_arrears", Integer, nullable=False),
    Column("annual_rent_debit", MONEY, nullable=False),
    Column("fta_balance", MONEY, nullable=False),
    Column("open_cases", Integer, nullable=False),
)
