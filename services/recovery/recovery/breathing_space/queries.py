"""Whether an account is in a Breathing Space moratorium on a day. Never commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import exists, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.breathing_space.tables import breathing_space_table


async def in_breathing_space(session: AsyncSession, account_ref: str, today: date) -> bool:
    b = breathing_space_table
    ends = func.least(b.c.ends_on, b.c.ended_early_on)
    return bool((await session.execute(select(exists().where(
        b.c.account_ref == account_ref, b.c.start_date <= today, ends.is_(None) | (ends >= today),
    )))).scalar())
