import uuid
from dataclasses import asdict
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import select

from recovery.adapters.orm import case_action_table as actions
from recovery.adapters.orm import daily_run_table as runs
from recovery.adapters.orm import recommendation_table as recs
from recovery.entrypoints.routes.access import OFFICERS, READERS, RUNNERS, authorise_account, check_patch
from recovery.entrypoints.schemas import (
    AcceptCreate,
    ActionPublic,
    DailyRunCreate,
    DailyRunPublic,
    RecommendationPublic,
    SkipCreate,
)
from recovery.service_layer import cases, daily_run
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["caseloads"])


@router.post("/daily-runs", status_code=201, response_model=DailyRunPublic)
async def start_daily_run(body: DailyRunCreate, uow: UowDep,
                          user: Principal = Depends(require_roles(*RUNNERS))) -> Any:
    """Monitor arrangements and replace every caseload with this date's recommendations. Once per
    date: asking again for a date already run answers 200 with that run."""
    if body.run_date > date.today():
        raise ProblemError(422, "Request refused", "the daily run cannot be run for a future date")
    async with uow:
        done = (await uow.session.execute(select(runs).where(runs.c.run_date == body.run_date))).mappings().first()
        if done is not None:
            return JSONResponse(DailyRunPublic(**done).model_dump(mode="json"), status_code=200)
        summary = await daily_run.run(uow, body.run_date, user.actor)
        await uow.commit()
    return DailyRunPublic(**asdict(summary))


@router.get("/daily-runs", response_model=list[DailyRunPublic])
async def list_daily_runs(uow: UowDep, limit: Limit = 30,
                          _: Principal = Depends(require_roles(*READERS))) -> list[DailyRunPublic]:
    async with uow:
        rows = (await uow.session.execute(select(runs).order_by(runs.c.run_date.desc()).limit(limit))).mappings()
        return [DailyRunPublic(**r) for r in rows]


@router.get("/caseloads/{patch}", response_model=list[RecommendationPublic])
async def caseload(patch: str, uow: UowDep, status: str = "open", limit: Limit = 100,
                   user: Principal = Depends(require_roles(*READERS))) -> list[RecommendationPublic]:
    """A patch's recommended actions, highest risk first (status=held shows what is held back and why)."""
    check_patch(user, patch)
    async with uow:
        rows = (await uow.session.execute(
            select(recs).where(recs.c.patch == patch, recs.c.status == status)
            .order_by(recs.c.rank.nulls_last(), recs.c.risk_score.desc(), recs.c.account_ref).limit(limit)
        )).mappings().all()
    return [RecommendationPublic(**r) for r in rows]


@router.get("/accounts/{account_ref}/recommendations", response_model=list[RecommendationPublic])
async def account_recommendations(account_ref: str, uow: UowDep, limit: Limit = 100,
                                  user: Principal = Depends(require_roles(*READERS))) -> list[RecommendationPublic]:
    async with uow:
        await authorise_account(uow.session, user, account_ref)
        rows = (await uow.session.execute(
            select(recs).where(recs.c.account_ref == account_ref)
            .order_by(recs.c.run_date.desc(), recs.c.stage).limit(limit)
        )).mappings().all()
    return [RecommendationPublic(**r) for r in rows]


async def _patch_of(uow, recommendation_id: uuid.UUID) -> str | None:
    return (await uow.session.execute(select(recs.c.patch).where(recs.c.recommendation_id == recommendation_id))
            ).scalar()


@router.post("/recommendations/{recommendation_id}/accept", response_model=ActionPublic, status_code=201)
async def accept(recommendation_id: uuid.UUID, body: AcceptCreate, uow: UowDep,
                 user: Principal = Depends(require_roles(*OFFICERS))) -> ActionPublic:
    """Do the recommended action: recorded on the case; a letter action requests the letter."""
    async with uow:
        check_patch(user, await _patch_of(uow, recommendation_id))
        action_id = await cases.accept(uow, recommendation_id, user.actor, date.today(), body.taken_on,
                                       body.served_on, body.notes)
        await uow.commit()
        return await _action(uow, action_id)


@router.post("/recommendations/{recommendation_id}/skip", status_code=204)
async def skip(recommendation_id: uuid.UUID, body: SkipCreate, uow: UowDep,
               user: Principal = Depends(require_roles(*OFFICERS))) -> None:
    async with uow:
        check_patch(user, await _patch_of(uow, recommendation_id))
        await cases.skip(uow, recommendation_id, user.actor, body.reason)
        await uow.commit()


async def _action(uow, action_id: uuid.UUID) -> ActionPublic:
    row = (await uow.session.execute(select(actions).where(actions.c.action_id == action_id))).mappings().one()
    return ActionPublic(**row)
