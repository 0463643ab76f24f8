"""A mandate's instalments as stored (one row per change, by the date it takes effect) and
what a collection takes of them: read by the advance notices and the collection files."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date

from sqlalchemy import select

from payments.adapters import rent_years
from payments.adapters.orm import mandate_amount_table
from payments.direct_debits.rules import collection_amount, instalment_for, weeks_covered
from shared.calendar import Frequency, RentWeek, rent_year_of
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

RentFreeCache = dict[int, frozenset[int]]  # rent year -> its rent-free weeks, filled as read


def amount_on_query(mandate_id, on: date):
    """The mandate's instalment on ``on`` (the newest effective by then), as a scalar query;
    ``mandate_id`` may be a column, to read it alongside each mandate."""
    return (select(mandate_amount_table.c.amount).where(
        mandate_amount_table.c.mandate_id == mandate_id, mandate_amount_table.c.effective_from <= on)
        .order_by(mandate_amount_table.c.effective_from.desc()).limit(1))


async def amount_on(uow: UnitOfWork, mandate_id: uuid.UUID, on: date) -> Money | None:
    found = (await uow.session.execute(amount_on_query(mandate_id, on))).scalar()
    return None if found is None else Money(found)


async def amounts(uow: UnitOfWork, mandate_id: uuid.UUID, until: date) -> list[tuple[date, Money]]:
    """The mandate's (effective from, instalment) changes up to ``until``, oldest first."""
    rows = await uow.session.execute(
        select(mandate_amount_table.c.effective_from, mandate_amount_table.c.amount).where(
            mandate_amount_table.c.mandate_id == mandate_id, mandate_amount_table.c.effective_from <= until)
        .order_by(mandate_amount_table.c.effective_from))
    return [(r.effective_from, Money(r.amount)) for r in rows]


def amount_in(changes: list[tuple[date, Money]], on: date) -> Money | None:
    """The instalment on ``on`` from a mandate's changes (oldest first); None before the first."""
    return next((amount for effective_from, amount in reversed(changes) if effective_from <= on), None)


async def instalment(uow: UnitOfWork, weekly: Money, frequency: Frequency, on: date) -> Money:
    """The instalment collected on ``on``, over the collectable weeks of its rent year."""
    free = await rent_years.rent_free_weeks(uow.session, rent_year_of(on).year)
    return instalment_for(weekly, frequency, on, free)


async def _rent_free(uow: UnitOfWork, weeks: Iterable[RentWeek], known: RentFreeCache) -> RentFreeCache:
    """``known`` with the rent-free weeks of every rent year of ``weeks`` added."""
    for year in sorted({week.rent_year for week in weeks} - known.keys()):
        known[year] = await rent_years.rent_free_weeks(uow.session, year)
    return known


async def collected(uow: UnitOfWork, frequency: Frequency, amount: Money | None, nominal: date,
                    known: RentFreeCache) -> Money | None:
    """What a collection due on ``nominal`` takes of the instalment ``amount`` then in force
    (None: no instalment yet); None if nothing."""
    if amount is None:
        return None
    free = await _rent_free(uow, weeks_covered(frequency, nominal), known)
    return collection_amount(amount, frequency, nominal, free) or None
