"""Recovery's tables."""

from sqlalchemy import BigInteger, Column, Date, DateTime, Numeric, String, Table, func

from shared.db.engine import new_metadata

metadata = new_metadata()
MONEY = Numeric(14, 2)

# Each account's position, projected from billing's and payments' events.
account_position_table = Table(
    "account_position",
    metadata,
    Column("account_ref", String(15), primary_key=True),
    Column("balance", MONEY, nullable=False),
    Column("last_seq", BigInteger, nullable=False),
    Column("account_type", String(30)),
    Column("tenancy_ref", String(30)),
    Column("patch", String(40)),
    Column("status", String(10)),
    Column("weekly_charge", MONEY),
    Column("start_date", Date),
    Column("end_date", Date),
    Column("last_payment_on", Date),
    Column("last_payment_amount", MONEY),
    Column("updated_at", DateTime(timezone=True), nullable=False, server_default=func.now(),
           onupdate=func.now()),
)
