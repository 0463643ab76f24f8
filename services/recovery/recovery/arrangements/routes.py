import uuid
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from sqlalchemy import select

from recovery.access import OFFICERS, READERS, authorise_account
from recovery.arrangements import service as arrangements
from recovery.arrangements.rules import IncomeExpenditure
from recovery.arrangements.schemas import (
    ArrangementCancel,
    ArrangementCreate,
    ArrangementPublic,
    PeriodPublic,
    StatusChangePublic,
)
from recovery.arrangements.tables import arrangement_period_table as periods
from recovery.arrangements.tables import arrangement_status_table as statuses
from recovery.arrangements.tables import arrangement_table as arrangements_table
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.idempotency import OptionalIdempotencyKey, once
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["arrangements"])


async def _public(uow, row) -> ArrangementPublic:
    rows = (await uow.session.execute(select(periods).where(periods.c.arrangement_id == row["arrangement_id"])
                                      .order_by(periods.c.period_no))).mappings().all()
    history = (await uow.session.execute(select(statuses).where(
        statuses.c.arrangement_id == row["arrangement_id"]).order_by(statuses.c.id))).mappings().all()
    [plan] = await arrangements.current_schedules(uow, [row])
    return ArrangementPublic(**{**row, "schedule": plan}, periods=[PeriodPublic(**p) for p in rows],
                             periods_kept=sum(1 for p in rows if p["kept"] is True),
                             periods_missed=sum(1 for p in rows if p["kept"] is False),
                             history=[StatusChangePublic(**h) for h in history])


async def _by_id(uow, arrangement_id: uuid.UUID) -> ArrangementPublic:
    row = (await uow.session.execute(select(arrangements_table).where(
        arrangements_table.c.arrangement_id == arrangement_id))).mappings().one()
    return await _public(uow, row)


def _command(account_ref: str, body: ArrangementCreate, user: Principal) -> arrangements.MakeArrangement:
    assessment = IncomeExpenditure(income=body.income, expenditure=body.expenditure, basis=body.assessment_basis)
    return arrangements.MakeArrangement(account_ref, body.frequency, body.instalment, body.start_date, assessment,
                                        user.actor)


@router.post("/accounts/{account_ref}/arrangements", response_model=ArrangementPublic, status_code=201)
async def make_arrangement(account_ref: str, body: ArrangementCreate, uow: UowDep, key: OptionalIdempotencyKey = None,
                           user: Principal = Depends(require_roles(*OFFICERS))) -> Any:
    """Agree an arrangement from an income and expenditure assessment (weekly or monthly amounts); refused
    (422, naming `instalment`) if not affordable. With an Idempotency-Key a retry replays the first answer."""
    async def agree() -> ArrangementPublic:
        await authorise_account(uow.session, user, account_ref)
        arrangement_id = await arrangements.make_arrangement(uow, _command(account_ref, body, user), date.today())
        return await _by_id(uow, arrangement_id)

    return await once(uow, f"arrangement-create:{account_ref}", key, user, body.model_dump(mode="json"), 201, agree)


@router.post("/accounts/{account_ref}/arrangements/preview")
async def preview_arrangement(account_ref: str, body: ArrangementCreate, uow: UowDep,
                              user: Principal = Depends(require_roles(*OFFICERS))) -> dict[str, Any]:
    """While talking to the tenant: what the assessment leaves (weekly and monthly), whether the offer is
    affordable (and if not, why), the instalment as weekly and monthly amounts, and the schedule it would
    make. Nothing is saved."""
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        return await arrangements.preview(uow, _command(account_ref, body, user))


@router.post("/arrangements/{arrangement_id}/cancel", response_model=ArrangementPublic)
async def cancel_arrangement(arrangement_id: uuid.UUID, body: ArrangementCancel, uow: UowDep,
                             key: OptionalIdempotencyKey = None,
                             user: Principal = Depends(require_roles(*OFFICERS))) -> Any:
    """End a live (active or breached) arrangement with a reason: kept in its history and the audit log.
    409 if it is already completed, superseded or cancelled."""
    async def cancel() -> ArrangementPublic:
        account_ref = await _account_of(uow, arrangement_id)
        await authorise_account(uow.session, user, account_ref)
        await arrangements.cancel(uow, arrangement_id, body.reason, user.actor, date.today())
        return await _by_id(uow, arrangement_id)

    return await once(uow, f"arrangement-cancel:{arrangement_id}", key, user, body.model_dump(mode="json"), 200,
                      cancel)


async def _account_of(uow, arrangement_id: uuid.UUID) -> str:
    ref = (await uow.session.execute(select(arrangements_table.c.account_ref).where(
        arrangements_table.c.arrangement_id == arrangement_id))).scalar()
    if ref is None:
        raise ProblemError(404, "Not found", f"no arrangement {arrangement_id}")
    return ref


@router.get("/arrangements/{arrangement_id}", response_model=ArrangementPublic)
async def get_arrangement(arrangement_id: uuid.UUID, uow: UowDep,
                          user: Principal = Depends(require_roles(*READERS))) -> ArrangementPublic:
    async with uow:
        await authorise_account(uow.session, user, await _account_of(uow, arrangement_id))
        return await _by_id(uow, arrangement_id)


@router.get("/accounts/{account_ref}/arrangements", response_model=list[ArrangementPublic])
async def account_arrangements(account_ref: str, uow: UowDep,
                               user: Principal = Depends(require_roles(*READERS))) -> list[ArrangementPublic]:
    """Every arrangement on the account, oldest first: its periods kept and missed and its history of status
    changes (agreed, breached, completed, superseded, cancelled: who, when, why)."""
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        rows = (await uow.session.execute(select(arrangements_table).where(
            arrangements_table.c.account_ref == account_ref).order_by(arrangements_table.c.created_at))
        ).mappings().all()
        return [await _public(uow, r) for r in rows]
