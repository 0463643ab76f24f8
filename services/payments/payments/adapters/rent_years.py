"""Payments' rent-year basis (shared.rent_year_basis on its own table): the rent-free weeks
of a year for monthly and 4-weekly Direct Debit instalments."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from payments.adapters.orm import metadata
from shared import rent_year_basis

rent_year_table = rent_year_basis.rent_year_basis_table(metadata)


async def note(session: AsyncSession, rent_year: int, weeks: Iterable[int], as_of: datetime) -> None:
    await rent_year_basis.note_rent_free_weeks(session, rent_year_table, rent_year, weeks, as_of)


async def rent_free_weeks(session: AsyncSession, rent_year: int) -> frozenset[int]:
    return await rent_year_basis.rent_free_weeks(session, rent_year_table, rent_year)
