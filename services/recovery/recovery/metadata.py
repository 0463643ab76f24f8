"""Recovery's one MetaData (one database, one migration history) and the column
helpers its packages' tables.py modules share."""

from sqlalchemy import Column, DateTime, Numeric, func
from sqlalchemy.dialects.postgresql import UUID

from shared.db.engine import new_metadata

metadata = new_metadata()
MONEY = Numeric(14, 2)


def uuid_column(name: str, **kw) -> Column:
    return Column(name, UUID(as_uuid=True), **kw)


def created_column() -> Column:
    return Column("created_at", DateTime(timezone=True), nullable=False, server_default=func.now())
