"""Year-end close and its reconciliation report."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from billing.access import STAFF_READ
from billing.ledger import year_end
from billing.ledger.schemas import YearEndAccountPublic, YearEndPublic
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(prefix="/rent-years/{rent_year}/year-end", tags=["year end"])


# The rent calendar knows years 2000..2100 (a year beyond date's range answered 500).
RentYearParam = Annotated[int, Path(ge=2000, le=2100)]


@router.post("", status_code=201, response_model=YearEndPublic,
             summary="Close the rent year: per-account and total reconciliation, control totals")
async def close(
    rent_year: RentYearParam, uow: UowDep,
    user: Principal = Depends(require_roles(Role.FINANCE_APPROVER, Role.SENIOR_OFFICER)),
) -> dict[str, Any]:
    async with uow:
        result = await year_end.close_year(uow, rent_year, user.actor, date.today())
        await uow.commit()
    return result


@router.get("", response_model=YearEndPublic)
async def get(
    rent_year: RentYearParam, uow: UowDep, _: Principal = Depends(require_roles(*STAFF_READ))
) -> dict[str, Any]:
    async with uow:
        return await year_end.get_year_end(uow, rent_year)


@router.get("/accounts", response_model=list[YearEndAccountPublic])
async def accounts(
    rent_year: RentYearParam, uow: UowDep, after: str = "", limit: Limit = 100,
    _: Principal = Depends(require_roles(*STAFF_READ)),
) -> list[dict[str, Any]]:
    async with uow:
        return await year_end.year_end_accounts(uow, rent_year, after, limit)
