import uuid
from dataclasses import asdict
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse, Response
from sqlalchemy import select

from recovery.access import OFFICERS, READERS, RUNNERS, authorise_account, check_patch
from recovery.caseloads import actions, daily_run, recommendations
from recovery.caseloads.schemas import (
    AcceptCreate,
    DailyRunCreate,
    DailyRunPublic,
    RecommendationPublic,
    SkipCreate,
    WorktrayPublic,
    WorktrayRow,
)
from recovery.caseloads.tables import daily_run_table as runs
from recovery.caseloads.tables import recommendation_table as recs
from recovery.caseloads.worktray import Tab, WorktrayQuery, worktray
from recovery.cases.queries import get_action
from recovery.cases.rules import ActionRecord
from recovery.cases.schemas import ActionCreate, ActionPublic
from recovery.cases.service import open_case_for
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.idempotency import OptionalIdempotencyKey, once, remember, replay
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["caseloads"])
# An officer's own actions: under cases in the API, here because a court order's terms
# become an arrangement (caseloads.actions).
cases_router = APIRouter(tags=["cases"])


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


@router.get("/caseloads/{patch}/worktray", response_model=WorktrayPublic)
async def patch_worktray(patch: str, uow: UowDep, tab: Tab = Tab.RECOMMENDED, stage: str | None = None,
                         action: str | None = None, limit: Limit = 50, offset: int = Query(0, ge=0),
                         user: Principal = Depends(require_roles(*READERS))) -> WorktrayPublic:
    """A patch's worktray, one tab at a time: `recommended` (today's actions, ranked by risk), `paused` (held
    by Breathing Space, an officer's pause, benefit timing or a pending claim, or a vulnerability awaiting
    review, with the reason), `arrangements` (live ones, breached first), `court` (court or eviction dates
    today or later, soonest first), `all` (every account in arrears or with an open case). Filter by the
    case's `stage` and the `action` recommended; paged by limit and offset. Officers see only their patches."""
    check_patch(user, patch)
    on = date.today()
    async with uow:
        rows, total = await worktray(uow.session, WorktrayQuery(patch, tab, on, stage, action, limit, offset))
    return WorktrayPublic(patch=patch, tab=tab.value, on=on, total=total, limit=limit, offset=offset,
                          items=[WorktrayRow(**r) for r in rows])


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
async def accept(recommendation_id: uuid.UUID, body: AcceptCreate, uow: UowDep, key: OptionalIdempotencyKey = None,
                 user: Principal = Depends(require_roles(*OFFICERS))) -> Any:
    """Do the recommended action: recorded on the case; a letter action requests the letter. With an
    Idempotency-Key a retry replays the first answer."""
    async def act() -> ActionPublic:
        check_patch(user, await _patch_of(uow, recommendation_id))
        action_id = await recommendations.accept(uow, recommendation_id, user.actor, date.today(), body.taken_on,
                                                 body.served_on, body.notes)
        return await _action(uow, action_id)

    return await once(uow, f"recommendation-accept:{recommendation_id}", key, user, body.model_dump(mode="json"),
                      201, act)


@router.post("/recommendations/{recommendation_id}/skip", status_code=204)
async def skip(recommendation_id: uuid.UUID, body: SkipCreate, uow: UowDep, key: OptionalIdempotencyKey = None,
               user: Principal = Depends(require_roles(*OFFICERS))) -> Response:
    """Skip with a reason from the skip_reasons setting (422 naming `reason` otherwise) and an optional note
    (needed for `other`); audited. With an Idempotency-Key a retry answers 204 again (Idempotent-Replay)."""
    scope, payload = f"recommendation-skip:{recommendation_id}", body.model_dump(mode="json")
    async with uow:
        if key is not None and await replay(uow.session, scope, key, user.actor, payload) is not None:
            return Response(status_code=204, headers={"Idempotent-Replay": "true"})
        check_patch(user, await _patch_of(uow, recommendation_id))
        await recommendations.skip(uow, recommendation_id, user.actor, body.reason, body.note)
        if key is not None:
            await remember(uow.session, scope, key, user.actor, payload, 204, None)
        await uow.commit()
    return Response(status_code=204)


async def _action(uow, action_id: uuid.UUID) -> ActionPublic:
    return ActionPublic(**await get_action(uow.session, action_id))


@cases_router.post("/accounts/{account_ref}/actions", response_model=ActionPublic, status_code=201)
async def record_action(account_ref: str, body: ActionCreate, uow: UowDep, key: OptionalIdempotencyKey = None,
                        user: Principal = Depends(require_roles(*OFFICERS))) -> Any:
    """Record a call, visit, letter, notice, hearing, order or eviction (opens a case if none is open).
    Refused while Breathing Space blocks it (enforcement, or a letter that demands payment: judged from the
    letter type and stage; `demands_payment` is ignored), a step needing the pre-action protocol while its
    steps are missing, and a possession step on a leasehold or sundry account. With an Idempotency-Key a
    retry replays the first answer (one action recorded)."""
    fields = {name: getattr(body, name) for name in ActionCreate.model_fields if name != "demands_payment"}
    record = ActionRecord(officer=user.actor, **fields)

    async def act() -> ActionPublic:
        await authorise_account(uow.session, user, account_ref)
        case = await open_case_for(uow.session, account_ref, date.today())
        action_id = await actions.record_action(uow, case["case_id"], record, date.today())
        return ActionPublic(**await get_action(uow.session, action_id))

    return await once(uow, f"case-action:{account_ref}", key, user, body.model_dump(mode="json"), 201, act)
