"""The rent-free weeks of each rent year, as billing last announced them (RentVaried
carries them), for monthly and 4-weekly Direct Debit instalments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Column, DateTime, Integer, Table, select
from sqlalchemy.dialects.postgresql import ARRAY, insert
from sqlalchemy.ext.asyncio import AsyncSession

from payments.adapters.orm import metadata

rent_year_table = Table(
    "rent_year_basis",
    metadata,
    Column("rent_year", Integer, primary_key=True),
    Column("rent_free_weeks", ARRAY(Integer), nullable=False),
    Column("as_of", DateTime(timezone=True), nullable=False),  # when billing published them
)


async def note(session: AsyncSession, rent_year: int, weeks: Iterable[int], as_of: datetime) -> None:
    """Keep the newest announcement: an older event delivered late changes nothing."""
    stmt = insert(rent_year_table).values(rent_year=rent_year, rent_free_weeks=sorted(set(weeks)), as_of=as_of)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[rent_year_table.c.rent_year],
        set_={"rent_free_weeks": stmt.excluded.rent_free_weeks, "as_of": stmt.excluded.as_of},
        where=rent_year_table.c.as_of <= stmt.excluded.as_of,
    ))


async def rent_free_weeks(session: AsyncSession, rent_year: int) -> frozenset[int]:
    """The year's rent-free weeks; none while billing has not announced them."""
    found = (await session.execute(
        select(rent_year_table.c.rent_free_weeks).where(rent_year_table.c.rent_year == rent_year))).scalar()
    return frozenset(found or ())
