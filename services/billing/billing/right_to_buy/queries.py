"""Reading what Right to Buy recorded that others ask about: homes disposed of."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from billing.right_to_buy.tables import property_disposal_table as disposals


async def disposed_by(session: AsyncSession, property_ref: str, day: date) -> date | None:
    """The day the property was disposed of, if on or before ``day``."""
    row = (await session.execute(select(disposals.c.disposed_on).where(
        disposals.c.property_ref == property_ref, disposals.c.disposed_on <= day))).first()
    return row.disposed_on if row else None
