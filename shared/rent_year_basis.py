"""Each rent year's rent-free weeks as billing last announced them (RentVaried carries them),
kept by the services that price a year: payments for monthly and 4-weekly Direct Debit
instalments, recovery for the annual rent debit. Each service owns its table (built here
once, on its own metadata) and its rows."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy import Column, DateTime, Integer, MetaData, Table, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.calendar import rent_year_of


def rent_year_basis_table(metadata: MetaData) -> Table:
    return Table(
        "rent_year_basis",
        metadata,
        Column("rent_year", Integer, primary_key=True),
        Column("rent_free_weeks", ARRAY(Integer), nullable=False),
        Column("as_of", DateTime(timezone=True), nullable=False),  # when billing published them
    )


async def note_rent_free_weeks(session: AsyncSession, table: Table, rent_year: int, weeks: Iterable[int],
                               as_of: datetime) -> None:
    """Keep the newest announcement: an older event delivered late changes nothing."""
    stmt = insert(table).values(rent_year=rent_year, rent_free_weeks=sorted(set(weeks)), as_of=as_of)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[table.c.rent_year],
        set_={"rent_free_weeks": stmt.excluded.rent_free_weeks, "as_of": stmt.excluded.as_of},
        where=table.c.as_of <= stmt.excluded.as_of,
    ))


async def rent_free_weeks(session: AsyncSession, table: Table, rent_year: int) -> frozenset[int]:
    """The year's rent-free weeks; none while billing has not announced them."""
    found = (await session.execute(select(table.c.rent_free_weeks).where(table.c.rent_year == rent_year))).scalar()
    return frozenset(found or ())


async def collectable_weeks(session: AsyncSession, table: Table, on: date) -> tuple[int, int]:
    """(rent year, its collectable weeks) for the rent year `on` falls in: 52 or 53 weeks
    less the rent-free weeks announced for it."""
    year = rent_year_of(on)
    return year.year, year.collectable_weeks(await rent_free_weeks(session, table, year.year))
