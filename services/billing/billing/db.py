"""Billing's one MetaData: every capability's tables.py defines its tables on it, and
migrations/env.py imports them all so autogenerate compares the whole database."""

from sqlalchemy import Numeric

from shared.db.engine import new_metadata

metadata = new_metadata()

MONEY = Numeric(14, 2)

RATE = Numeric(9, 6)
