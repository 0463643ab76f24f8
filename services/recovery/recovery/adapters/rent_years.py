"""Each rent year's rent-free weeks as billing last announced them (RentVaried carries
them when billing says), and the year's collectable weeks for the annual rent debit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.adapters.orm import rent_year_basis_table as basis
from shared.calendar import rent_year_of


async def note_rent_free_weeks(session: AsyncSession, rent_year: int, weeks: Iterable[int], as_of: datetime) -> None:
    """Keep the newest announcement: an older event delivered late changes nothing."""
    stmt = insert(basis).values(rent_year=rent_year, rent_free_weeks=sorted(set(weeks)), as_of=as_of)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[basis.c.rent_year],
        set_={"rent_free_weeks": stmt.excluded.rent_free_weeks, "as_of": stmt.excluded.as_of},
        where=basis.c.as_of <= stmt.excluded.as_of,
    ))


async def collectable_weeks(session: AsyncSession, on: date) -> tuple[int, int]:
    """(rent year, its collectable weeks) for the rent year `on` falls in: 52 or 53 weeks
    less the rent-free weeks billing announced for it (none while it has not)."""
    year = rent_year_of(on)
    free = (await session.execute(select(basis.c.rent_free_weeks).where(basis.c.rent_year == year.year))).scalar()
    return year.year, year.collectable_weeks(frozenset(free or ()))
