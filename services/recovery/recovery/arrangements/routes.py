import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import select

from recovery.access import OFFICERS, READERS, authorise_account
from recovery.arrangements import service as arrangements
from recovery.arrangements.rules import IncomeExpenditure
from recovery.arrangements.schemas import ArrangementCreate, ArrangementPublic, PeriodPublic
from recovery.arrangements.tables import arrangement_period_table as periods
from recovery.arrangements.tables import arrangement_table as arrangements_table
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["arrangements"])


async def _public(uow, row) -> ArrangementPublic:
    rows = (await uow.session.execute(select(periods).where(periods.c.arrangement_id == row["arrangement_id"])
                                      .order_by(periods.c.period_no))).mappings().all()
    [plan] = await arrangements.current_schedules(uow, [row])
    return ArrangementPublic(**{**row, "schedule": plan}, periods=[PeriodPublic(**p) for p in rows])


@router.post("/accounts/{account_ref}/arrangements", response_model=ArrangementPublic, status_code=201)
async def make_arrangement(account_ref: str, body: ArrangementCreate, uow: UowDep,
                           user: Principal = Depends(require_roles(*OFFICERS))) -> ArrangementPublic:
    """Agree an arrangement from an income and expenditure assessment; refused if not affordable."""
    assessment = IncomeExpenditure(income=body.income, expenditure=body.expenditure)
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        arrangement_id = await arrangements.make_arrangement(uow, arrangements.MakeArrangement(
            account_ref, body.frequency, body.instalment, body.start_date, assessment, user.actor), date.today())
        await uow.commit()
        row = (await uow.session.execute(select(arrangements_table).where(
            arrangements_table.c.arrangement_id == arrangement_id))).mappings().one()
        return await _public(uow, row)


@router.post("/accounts/{account_ref}/arrangements/preview")
async def preview_arrangement(account_ref: str, body: ArrangementCreate, uow: UowDep,
                              user: Principal = Depends(require_roles(*OFFICERS))) -> dict[str, Any]:
    """While talking to the tenant: what the assessment leaves, whether the offer is affordable,
    and the schedule it would make. Nothing is saved."""
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        return await arrangements.preview(uow, arrangements.MakeArrangement(
            account_ref, body.frequency, body.instalment, body.start_date,
            IncomeExpenditure(income=body.income, expenditure=body.expenditure), user.actor))


@router.get("/arrangements/{arrangement_id}", response_model=ArrangementPublic)
async def get_arrangement(arrangement_id: uuid.UUID, uow: UowDep,
                          user: Principal = Depends(require_roles(*READERS))) -> ArrangementPublic:
    async with uow:
        row = (await uow.session.execute(select(arrangements_table).where(
            arrangements_table.c.arrangement_id == arrangement_id))).mappings().first()
        if row is None:
            raise ProblemError(404, "Not found", f"no arrangement {arrangement_id}")
        await authorise_account(uow.session, user, row["account_ref"])
        return await _public(uow, row)


@router.get("/accounts/{account_ref}/arrangements", response_model=list[ArrangementPublic])
async def account_arrangements(account_ref: str, uow: UowDep,
                               user: Principal = Depends(require_roles(*READERS))) -> list[ArrangementPublic]:
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        rows = (await uow.session.execute(select(arrangements_table).where(
            arrangements_table.c.account_ref == account_ref).order_by(arrangements_table.c.created_at))
        ).mappings().all()
        return [await _public(uow, r) for r in rows]
