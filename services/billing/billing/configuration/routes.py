"""The rent year calendar with its rent-free weeks, and settings: configuration that
changes behaviour, held in the database and changed here with an audit trail."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from billing.access import STAFF_READ
from billing.configuration import service as config
from billing.configuration.rules import SETTINGS
from billing.configuration.schemas import RentFreeWeeks, RentWeekPublic, RentYearPublic, SettingPublic, SettingUpdate
from billing.ledger.year_end import year_closed
from shared.auth.principal import Principal, Role
from shared.calendar import RentYear
from shared.web.app import UowDep
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["configuration"])

CONFIGURERS = (Role.SENIOR_OFFICER, Role.FINANCE_APPROVER)


def _year(rent_year: int) -> RentYear:
    if not 2000 <= rent_year <= 2100:
        raise ProblemError(404, "Not found", f"rent year {rent_year} is outside 2000..2100")
    return RentYear(rent_year)


async def _calendar(uow: UowDep, rent_year: int) -> RentYearPublic:
    year = _year(rent_year)
    free = await config.rent_free_weeks(uow.session, rent_year)
    return RentYearPublic(
        rent_year=rent_year, starts=year.starts, ends=year.ends, week_count=year.week_count,
        collectable_weeks=year.collectable_weeks(set(free)), closed=await year_closed(uow.session, rent_year),
        weeks=[RentWeekPublic(number=w.number, starts=w.starts, ends=w.ends, rent_free=w.number in free,
                              rent_free_reason=free.get(w.number)) for w in year.weeks()],
    )


@router.get("/rent-years/{rent_year}", response_model=RentYearPublic,
            summary="The rent year's weeks (52 or 53, from the first Monday of April) and rent-free weeks")
async def get_rent_year(
    rent_year: int, uow: UowDep, _: Principal = Depends(require_roles(*STAFF_READ))
) -> RentYearPublic:
    async with uow:
        return await _calendar(uow, rent_year)


@router.put("/rent-years/{rent_year}/rent-free-weeks", response_model=RentYearPublic,
            summary="Replace the rent year's rent-free weeks (audited)")
async def put_rent_free_weeks(
    rent_year: int, body: RentFreeWeeks, uow: UowDep, user: Principal = Depends(require_roles(*CONFIGURERS))
) -> RentYearPublic:
    _year(rent_year)
    weeks = {w.week: w.reason for w in body.weeks}
    if len(weeks) != len(body.weeks):
        raise ProblemError(422, "Duplicate weeks", "each rent-free week may be listed once")
    async with uow:
        await config.set_rent_free_weeks(uow, rent_year, weeks, user.actor, body.reason)
        await uow.commit()
        return await _calendar(uow, rent_year)


@router.get("/settings", response_model=list[SettingPublic])
async def list_settings(uow: UowDep, _: Principal = Depends(require_roles(*STAFF_READ))) -> list[SettingPublic]:
    async with uow:
        return [SettingPublic(key=k, value=await config.get_setting(uow.session, k), description=s.description)
                for k, s in sorted(SETTINGS.items())]


@router.put("/settings/{key}", response_model=SettingPublic, summary="Change a setting (audited)")
async def put_setting(
    key: str, body: SettingUpdate, uow: UowDep, user: Principal = Depends(require_roles(*CONFIGURERS))
) -> SettingPublic:
    async with uow:
        value = await config.put_setting(uow, key, body.value, user.actor, body.reason)
        await uow.commit()
    return SettingPublic(key=key, value=value, description=SETTINGS[key].description)
