"""Recovery's rent-year basis (shared.rent_year_basis on its own table): the collectable
weeks of a year for the annual rent debit."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from recovery.positions.tables import rent_year_basis_table as basis
from shared import rent_year_basis


async def note_rent_free_weeks(session: AsyncSession, rent_year: int, weeks: Iterable[int], as_of: datetime) -> None:
    await rent_year_basis.note_rent_free_weeks(session, basis, rent_year, weeks, as_of)


async def collectable_weeks(session: AsyncSession, on: date) -> tuple[int, int]:
    return await rent_year_basis.collectable_weeks(session, basis, on)
