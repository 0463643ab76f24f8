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


# SQL fragments over the moratoriums for other packages' set-based statements (the
# daily run, arrangement monitoring). A date parameter is always :today.

# Each moratorium's account, start and end (`ends`: the earlier of its end and its early
# end; NULL while open-ended).
MORATORIUMS = "SELECT account_ref, start_date, least(ends_on, ended_early_on) AS ends FROM breathing_space"

# The accounts in a moratorium :today, once each.
IN_FORCE_TODAY = """SELECT DISTINCT account_ref FROM breathing_space
  WHERE start_date <= :today AND (least(ends_on, ended_early_on) IS NULL OR least(ends_on, ended_early_on) >= :today)"""

# The ids (as text, as the audit log keeps them) of the account :account_ref's moratoriums.
IDS_OF_ACCOUNT = "SELECT breathing_space_id::text FROM breathing_space WHERE account_ref = :account_ref"
