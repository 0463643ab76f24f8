"""The annual rent and service charge review: preview from a policy or a file of new
rents, inspect (totals, outliers, capped accounts), then commit."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, UploadFile
from fastapi.responses import JSONResponse

from billing.access import STAFF_READ
from billing.errors import BillingError
from billing.rent_review import rent_file, rules, service
from billing.rent_review.schemas import ReviewCreate, ReviewLinePublic, ReviewPublic
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, run_once
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(prefix="/rent-reviews", tags=["rent review"])

PREPARERS = (Role.RENT_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER)

COMMITTERS = (Role.SENIOR_OFFICER, Role.FINANCE_APPROVER)

MAX_FILE = 32 * 1024 * 1024


def _public(row: dict[str, Any]) -> dict[str, Any]:
    deadline = rules.effective_from(row["rent_year"]) - rules.NOTICE_PERIOD
    return ReviewPublic(**{k: v for k, v in row.items() if k in ReviewPublic.model_fields},
                        notice_deadline=deadline).model_dump(mode="json")


async def _preview(uow: UowDep, rent_year: int, policy: rules.ReviewPolicy, reason: str, actor: str,
                   rejected: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    async with uow:
        review_id = await service.preview(uow, rent_year, policy, reason, actor, rejected)
        await uow.commit()
        return _public(await service.get_review(uow, review_id))


@router.post("", status_code=201, response_model=ReviewPublic,
             summary="Preview new charges for a rent year from a policy (percentage, cap, target convergence)")
async def preview(body: ReviewCreate, uow: UowDep, user: Principal = Depends(require_roles(*PREPARERS))) -> Any:
    policy = rules.ReviewPolicy(
        kind=body.kind, uplift_percent=dict(body.uplift_percent), cap_percent=body.cap_percent,
        convergence_step=body.convergence_step, targets={t.account_ref: t.weekly_amount for t in body.targets},
        outlier_percent=body.outlier_percent)
    return await _preview(uow, body.rent_year, policy, body.reason, user.actor)


@router.post("/file", status_code=201, response_model=ReviewPublic,
             summary="Preview new charges from a CSV file: account_ref,charge_type,weekly_amount")
async def preview_file(rent_year: Annotated[int, Query(ge=2000, le=2100)],
                       reason: Annotated[str, Query(min_length=1, max_length=500)], file: UploadFile, uow: UowDep,
                       cap_percent: Decimal | None = None,
                       user: Principal = Depends(require_roles(*PREPARERS))) -> Any:
    data = await file.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise BillingError("the file of new rents is larger than 32 MB")
    rents, rejected = rent_file.parse(data)
    if not rents:
        raise BillingError(f"no usable line in the file ({len(rejected)} rejected): "
                           + "; ".join(f"line {r['line']}: {r['reason']}" for r in rejected[:5]))
    policy = rules.ReviewPolicy(kind="file", new_rents=rents, cap_percent=cap_percent)
    return await _preview(uow, rent_year, policy, reason, user.actor, rejected)


@router.get("/{review_id}", response_model=ReviewPublic)
async def get_review(review_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*STAFF_READ))) -> Any:
    async with uow:
        return _public(await service.get_review(uow, review_id))


@router.get("/{review_id}/lines", response_model=list[ReviewLinePublic],
            summary="The proposed charges; only=capped or only=outliers to see those that need a look")
async def lines(review_id: uuid.UUID, uow: UowDep, only: Literal["capped", "outliers"] | None = None,
                limit: Limit = 100, after: str = "", after_charge_type: str = "",
                _: Principal = Depends(require_roles(*STAFF_READ))) -> list[dict[str, Any]]:
    """Pages follow (account, charge type): pass the last line's as ``after`` and ``after_charge_type``."""
    async with uow:
        await service.get_review(uow, review_id)
        return await service.review_lines(uow, review_id, only=only, limit=limit, after=(after, after_charge_type))


@router.post("/{review_id}/commit", response_model=ReviewPublic,
             summary="Apply the previewed charges from the rent year's first week and publish RentVaried per account")
async def commit(review_id: uuid.UUID, uow: UowDep, idempotency_key: IdempotencyKey,
                 user: Principal = Depends(require_roles(*COMMITTERS))) -> JSONResponse:
    async def act() -> tuple[int, Any]:
        return 200, _public(await service.commit(uow, review_id, date.today(), user.actor))

    return await run_once(uow, "rent-review-commit", idempotency_key, user, {"review_id": str(review_id)}, act)
