"""Refunds' tables."""

from sqlalchemy import BigInteger, Column, Date, DateTime, Index, Numeric, String, Table, func

from shared.db.engine import new_metadata

metadata = new_metadata()
MONEY = Numeric(14, 2)

# Each account's balance as billing last reported it; credit balances are negative.
credit_position_table = Table(
    "credit_position",
    metadata,
    Column("account_ref", String(15), primary_key=True),
    Column("balance", MONEY, nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("status", String(10), nullable=False, server_default="open"),
    Column("end_date", Date),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now(),
           onupdate=func.now()),
    Index("ix_credit_position_balance", "balance"),
)
