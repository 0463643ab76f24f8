from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Query

from recovery.access import READERS
from recovery.kpis import queries as kpis
from recovery.kpis.schemas import KpiPublic
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.security import require_roles

router = APIRouter(tags=["kpis"])


@router.get("/kpis", response_model=KpiPublic)
async def get_kpis(uow: UowDep, from_date: Annotated[date | None, Query(alias="from")] = None,
                   to_date: Annotated[date | None, Query(alias="to")] = None,
                   _: Principal = Depends(require_roles(*READERS))) -> KpiPublic:
    """Arrears as % of the annual rent debit, FTA balance and collected, cases by stage,
    arrangements kept %, and the weekly trend (default: the last 12 weeks)."""
    to_date = to_date or date.today()
    from_date = from_date or to_date - timedelta(weeks=12)
    async with uow:
        return KpiPublic(**await kpis.kpis(uow, from_date, to_date))
