"""When leases start: charges and rent review read it to leave lease-invoiced charges alone."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# An array parameter: a review's accounts exceed the bind-parameter limit of IN (...).
LEASE_STARTS = text("SELECT account_ref, starts_on FROM lease WHERE account_ref = ANY(:refs)")


async def lease_starts(session: AsyncSession, refs: Iterable[str]) -> dict[str, date]:
    """The day each of these accounts' lease starts, for those that have one."""
    rows = await session.execute(LEASE_STARTS, {"refs": sorted(refs)})
    return {r.account_ref: r.starts_on for r in rows}
