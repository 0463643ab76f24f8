"""Payment runs: approved refunds into a Bacs Standard 18 credit file, marked paid."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy import select

from refunds.adapters.orm import payment_batch_table
from refunds.entrypoints.routes.access import PAYERS, READERS
from refunds.entrypoints.schemas import BatchPublic, PaymentRunCreate, PaymentRunPublic, RefundPublic
from refunds.service_layer import payment_runs
from refunds.service_layer.commands import PayApprovedRefunds
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, run_once
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["payment batches"])
batches = payment_batch_table


@router.post("/payment-batches", response_model=PaymentRunPublic, status_code=201,
             summary="Pay every approved refund: re-check moved balances, write the Bacs file, mark paid")
async def pay_approved(
    body: PaymentRunCreate, uow: UowDep, key: IdempotencyKey, who: Principal = Depends(require_roles(*PAYERS)),
) -> JSONResponse:
    async def run() -> tuple[int, Any]:
        result = await payment_runs.pay_approved(PayApprovedRefunds(body.processing_date, who.actor), uow)
        batch = None
        if result.batch_id is not None:
            row = (await uow.session.execute(select(batches).where(batches.c.batch_id == result.batch_id))
                   ).mappings().one()
            batch = BatchPublic(**row)
        public = PaymentRunPublic(batch=batch, paid=[r.refund_id for r in result.paid],
                                  held_for_recheck=[RefundPublic.of(r) for r in result.held])
        return (201 if batch else 200), public.model_dump(mode="json")

    return await run_once(uow, "refunds:payment-batch", key, who, body.model_dump(mode="json"), run)


@router.get("/payment-batches", response_model=list[BatchPublic])
async def list_batches(uow: UowDep, limit: Limit = 50, _: Principal = Depends(require_roles(*READERS))
                       ) -> list[BatchPublic]:
    async with uow:
        rows = (await uow.session.execute(select(batches).order_by(batches.c.created_at.desc()).limit(limit))
                ).mappings().all()
    return [BatchPublic(**r) for r in rows]


@router.get("/payment-batches/{batch_id}/file", response_class=PlainTextResponse,
            summary="The Bacs Standard 18 file to submit")
async def batch_file(batch_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*PAYERS))
                     ) -> PlainTextResponse:
    async with uow:
        row = (await uow.session.execute(select(batches).where(batches.c.batch_id == batch_id))).first()
    if row is None:
        raise ProblemError(404, "Not found", f"payment batch {batch_id} does not exist")
    return PlainTextResponse(row.content, headers={"content-disposition": f'attachment; filename="{row.file_name}"'})
