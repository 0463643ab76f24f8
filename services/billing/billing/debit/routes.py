"""The weekly debit run: start it as a background job, watch its progress, read its
reconciliation, resume it after a failure."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from billing.access import STAFF_READ
from billing.debit import service as debit_run
from billing.debit.schemas import DebitRunCreate, DebitRunPublic
from billing.debit.tables import debit_run_table as runs
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(prefix="/debit-runs", tags=["weekly debit"])

RUNNERS = (Role.RENT_OFFICER, Role.SENIOR_OFFICER, Role.FINANCE_APPROVER)


def _public(run: dict[str, Any]) -> dict[str, Any]:
    return DebitRunPublic(**{k: run[k] for k in DebitRunPublic.model_fields}).model_dump(mode="json")


@router.post("", status_code=202, response_model=DebitRunPublic,
             summary="Start the weekly debit for a rent week (or return the run already under way)")
async def start_run(
    body: DebitRunCreate, request: Request, uow: UowDep, user: Principal = Depends(require_roles(*RUNNERS))
) -> JSONResponse:
    async with uow:
        run, created = await debit_run.request_run(uow, body.rent_year, body.rent_week, user.actor)
        await uow.commit()
    if run["status"] in debit_run.RESUMABLE:
        request.app.state.debit_jobs.start(request.app.state.runtime, run["run_id"])
    return JSONResponse(_public(run), status_code=202 if created else 200)


@router.get("", response_model=list[DebitRunPublic])
async def list_runs(
    uow: UowDep, rent_year: int | None = None, limit: Limit = 100,
    _: Principal = Depends(require_roles(*STAFF_READ)),
) -> list[dict[str, Any]]:
    query = select(runs).order_by(runs.c.requested_at.desc()).limit(limit)
    if rent_year is not None:
        query = query.where(runs.c.rent_year == rent_year)
    async with uow:
        rows = (await uow.session.execute(query)).mappings().all()
    return [_public(dict(r)) for r in rows]


@router.get("/{run_id}", response_model=DebitRunPublic, summary="A run's status and progress")
async def get_run(run_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*STAFF_READ))) -> Any:
    async with uow:
        return _public(await debit_run.get_run(uow.session, run_id))


@router.get("/{run_id}/reconciliation",
            summary="Posted against expected from the schedules, by charge type and by patch")
async def reconciliation(
    run_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*STAFF_READ))
) -> dict[str, Any]:
    async with uow:
        run = await debit_run.get_run(uow.session, run_id)
    if run["reconciliation"] is None:
        raise ProblemError(409, "Not finished", f"debit run {run_id} is {run['status']}; no reconciliation yet")
    return {"run_id": str(run_id), "rent_year": run["rent_year"], "rent_week": run["rent_week"],
            **run["reconciliation"]}


@router.post("/{run_id}/resume", status_code=202, response_model=DebitRunPublic,
             summary="Resume a failed or interrupted run from its last committed batch")
async def resume_run(
    run_id: uuid.UUID, request: Request, uow: UowDep, user: Principal = Depends(require_roles(*RUNNERS))
) -> Any:
    async with uow:
        run = await debit_run.get_run(uow.session, run_id)
    if run["status"] not in debit_run.RESUMABLE:
        raise ProblemError(409, "Not resumable", f"debit run {run_id} is {run['status']}")
    request.app.state.debit_jobs.start(request.app.state.runtime, run_id)
    return _public(run)
