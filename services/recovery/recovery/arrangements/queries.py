"""Reading the arrangements and their assessed periods, for other packages. Never commits."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

PERIODS_KEPT = text("""
SELECT count(*) FILTER (WHERE kept) AS kept, count(kept) AS assessed FROM arrangement_period
WHERE period_end BETWEEN :from_date AND :to_date
""")


async def periods_kept(session: AsyncSession, from_date: date, to_date: date) -> tuple[int, int]:
    """(kept, assessed) of the periods ending from `from_date` to `to_date`; one not
    assessed (a Breathing Space moratorium's) counts in neither."""
    row = (await session.execute(PERIODS_KEPT, {"from_date": from_date, "to_date": to_date})).mappings().one()
    return row["kept"], row["assessed"]


# An SQL fragment for the daily run's facts: each account's latest live (active or
# breached) arrangement's status; yields account_ref, status.
LIVE_STATUS = """
  SELECT DISTINCT ON (account_ref) account_ref, status
  FROM arrangement WHERE status IN ('active', 'breached')
  ORDER BY account_ref, created_at DESC"""

# Each account's latest live arrangement as the worktray shows it; yields account_ref,
# arrangement_id, status, frequency, instalment.
LIVE_ARRANGEMENTS = """
  SELECT DISTINCT ON (account_ref) account_ref, arrangement_id, status, frequency, instalment
  FROM arrangement WHERE status IN ('active', 'breached')
  ORDER BY account_ref, created_at DESC"""

# The ids (as text, as the audit log keeps them) of the account :account_ref's arrangements.
IDS_OF_ACCOUNT = "SELECT arrangement_id::text FROM arrangement WHERE account_ref = :account_ref"
