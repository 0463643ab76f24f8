"""Credit transfers to the same person's other debts."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import or_, select

from refunds.adapters.orm import credit_transfer_table
from refunds.entrypoints.routes.access import APPROVERS, READERS, REQUESTERS, check_account
from refunds.entrypoints.schemas import TransferCreate, TransferPublic
from refunds.service_layer import transfers
from refunds.service_layer.commands import RequestTransfer
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, run_once
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(tags=["credit transfers"])
t = credit_transfer_table


@router.post("/credit-transfers", response_model=TransferPublic, status_code=201,
             summary="Move credit to another debt of the same person (CreditTransferRequested)")
async def request_transfer(
    body: TransferCreate, uow: UowDep, key: IdempotencyKey,
    who: Principal = Depends(require_roles(*REQUESTERS, *APPROVERS)),
) -> JSONResponse:
    async def run() -> tuple[int, Any]:
        await check_account(uow, who, body.from_account_ref)
        transfer_id = await transfers.request_transfer(RequestTransfer(
            body.from_account_ref, body.to_account_ref, body.amount, body.reason, who.actor), uow)
        row = (await uow.session.execute(select(t).where(t.c.transfer_id == transfer_id))).mappings().one()
        return 201, TransferPublic(**row).model_dump(mode="json")

    return await run_once(uow, "refunds:transfer", key, who, body.model_dump(mode="json"), run)


@router.get("/accounts/{account_ref}/credit-transfers", response_model=list[TransferPublic])
async def account_transfers(account_ref: str, uow: UowDep, limit: Limit = 100,
                            who: Principal = Depends(require_roles(*READERS))) -> list[TransferPublic]:
    async with uow:
        await check_account(uow, who, account_ref)
        rows = (await uow.session.execute(
            select(t).where(or_(t.c.from_account_ref == account_ref, t.c.to_account_ref == account_ref))
            .order_by(t.c.created_at.desc()).limit(limit))).mappings().all()
    return [TransferPublic(**r) for r in rows]
