"""Configuration held in the database: rent-free weeks per rent year and settings.
Every change is audited with who, when, before/after and why."""

from __future__ import annotations

from datetime import date

from sqlalchemy import delete, insert, select
from sqlalchemy.dialects.postgresql import insert as upsert
from sqlalchemy.ext.asyncio import AsyncSession

from billing.configuration import rules as setting_rules
from billing.configuration.events import RentFreeWeeksChanging
from billing.configuration.tables import rent_free_week_table as rfw
from billing.configuration.tables import setting_table
from billing.errors import BillingError, Conflict
from billing.ledger.year_end import year_closed
from shared import audit
from shared.calendar import RentYear, rent_year_of
from shared.db.unit_of_work import UnitOfWork


async def rent_free_weeks(session: AsyncSession, rent_year: int) -> dict[int, str]:
    rows = await session.execute(select(rfw.c.week_number, rfw.c.reason).where(rfw.c.rent_year == rent_year))
    return {row.week_number: row.reason for row in rows}


async def rent_free_weeks_of(session: AsyncSession, day: date) -> list[int]:
    """The rent-free weeks of the rent year ``day`` falls in, as every RentVaried carries
    them (payments and recovery take the rent-year basis from the event)."""
    return sorted(await rent_free_weeks(session, rent_year_of(day).year))


async def set_rent_free_weeks(
    uow: UnitOfWork, rent_year: int, weeks: dict[int, str], actor: str, reason: str
) -> dict[int, str]:
    year = RentYear(rent_year)
    bad = sorted(w for w in weeks if not 1 <= w <= year.week_count)
    if bad:
        raise BillingError(f"rent year {rent_year} has weeks 1 to {year.week_count}; not {bad}")
    if await year_closed(uow.session, rent_year):
        raise Conflict(f"rent year {rent_year} is closed")
    before = await rent_free_weeks(uow.session, rent_year)
    await uow.announce(RentFreeWeeksChanging(rent_year, frozenset(set(weeks) ^ set(before))))
    await uow.session.execute(delete(rfw).where(rfw.c.rent_year == rent_year))
    if weeks:
        await uow.session.execute(insert(rfw), [
            {"rent_year": rent_year, "week_number": w, "reason": why, "created_by": actor}
            for w, why in sorted(weeks.items())
        ])
    await audit.record(uow.session, actor=actor, action="set_rent_free_weeks", entity="rent_year",
                       entity_id=str(rent_year), before={"weeks": sorted(before)},
                       after={"weeks": sorted(weeks)}, reason=reason)
    return weeks


async def get_setting(session: AsyncSession, key: str) -> str:
    row = (await session.execute(select(setting_table.c.value).where(setting_table.c.key == key))).first()
    return row.value if row else setting_rules.SETTINGS[key].default


async def put_setting(uow: UnitOfWork, key: str, value: str, actor: str, reason: str) -> str:
    parsed = setting_rules.validate(key, value)
    before = await get_setting(uow.session, key)
    stmt = upsert(setting_table).values(key=key, value=parsed, updated_by=actor)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=[setting_table.c.key],
        set_={"value": parsed, "updated_by": actor, "updated_at": stmt.excluded.updated_at},
    ))
    await audit.record(uow.session, actor=actor, action="set", entity="setting", entity_id=key,
                       before={"value": before}, after={"value": parsed}, reason=reason)
    return parsed
