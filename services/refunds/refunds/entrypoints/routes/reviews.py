"""The credit balance review (monthly, or now on demand) and the refunds report."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Depends, Query
from sqlalchemy import func, select

from refunds.adapters.orm import credit_position_table, credit_review_line_table, credit_review_table, refund_table
from refunds.entrypoints.routes.access import APPROVERS, READERS, REQUESTERS
from refunds.entrypoints.schemas import ReportRow, ReviewCreate, ReviewLinePublic, ReviewPublic
from refunds.service_layer import reviews
from refunds.service_layer.clock import today
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.patch_access import limited_patches
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["credit review and reports"])
lines, runs = credit_review_line_table, credit_review_table


async def _review(uow, review_id: uuid.UUID) -> ReviewPublic:
    row = (await uow.session.execute(select(runs).where(runs.c.review_id == review_id))).mappings().first()
    if row is None:
        raise ProblemError(404, "Not found", f"credit review {review_id} does not exist")
    return ReviewPublic(**row)


@router.post("/credit-reviews", response_model=ReviewPublic, status_code=201,
             summary="Review every account in credit now and suggest what to do with each credit")
async def review_now(body: ReviewCreate, uow: UowDep,
                     who: Principal = Depends(require_roles(*REQUESTERS, *APPROVERS))) -> ReviewPublic:
    async with uow:
        review_id, _ = await reviews.run_review(uow, as_of=body.as_of or today(), actor=who.actor, monthly=False)
        await uow.commit()
        return await _review(uow, review_id)


@router.get("/credit-reviews", response_model=list[ReviewPublic])
async def list_reviews(uow: UowDep, limit: Limit = 24, _: Principal = Depends(require_roles(*READERS))
                       ) -> list[ReviewPublic]:
    async with uow:
        rows = (await uow.session.execute(select(runs).order_by(runs.c.created_at.desc()).limit(limit))
                ).mappings().all()
    return [ReviewPublic(**r) for r in rows]


@router.get("/credit-reviews/{review_id}", response_model=ReviewPublic)
async def get_review(review_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*READERS))
                     ) -> ReviewPublic:
    async with uow:
        return await _review(uow, review_id)


@router.get("/credit-reviews/{review_id}/lines", response_model=list[ReviewLinePublic],
            summary="Each account in credit with the suggested action (refund, transfer, leave) and why")
async def review_lines(
    review_id: uuid.UUID, uow: UowDep, action: str | None = None, after: str = "", limit: Limit = 100,
    who: Principal = Depends(require_roles(*READERS)),
) -> list[ReviewLinePublic]:
    async with uow:
        await _review(uow, review_id)
        stmt = select(lines).where(lines.c.review_id == review_id, lines.c.account_ref > after)
        if (patches := limited_patches(who)) is not None:
            cp = credit_position_table
            stmt = stmt.where(lines.c.account_ref.in_(select(cp.c.account_ref).where(cp.c.patch.in_(patches))))
        if action:
            stmt = stmt.where(lines.c.action == action)
        rows = (await uow.session.execute(stmt.order_by(lines.c.account_ref).limit(limit))).mappings().all()
    return [ReviewLinePublic(**r) for r in rows]


@router.get("/reports/refunds-by-month", response_model=list[ReportRow],
            summary="Refunds paid (or rejected) by month, reason and payee")
async def refunds_by_month(
    uow: UowDep, date_from: date = Query(alias="from"), date_to: date = Query(alias="to"), status: str = "paid",
    _: Principal = Depends(require_roles(*READERS)),
) -> list[ReportRow]:
    if status not in ("paid", "rejected"):
        raise ProblemError(422, "Request refused", "status must be paid or rejected")
    r = refund_table
    day = r.c.paid_on if status == "paid" else func.date(r.c.updated_at)
    month = func.to_char(day, "YYYY-MM")
    async with uow:
        rows = (await uow.session.execute(
            select(month.label("month"), r.c.reason_code, r.c.payee, func.count().label("count"),
                   func.sum(r.c.amount).label("total"))
            .where(r.c.status == status, day >= date_from, day <= date_to)
            .group_by(month, r.c.reason_code, r.c.payee).order_by(month, r.c.reason_code, r.c.payee)
        )).mappings().all()
    return [ReportRow(**row) for row in rows]
