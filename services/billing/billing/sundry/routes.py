"""Sundry debts: raised on a sundry account of their own, recovered by recovery's
leasehold and sundry arrears policy."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from billing.access import STAFF_READ, authorised_account
from billing.sundry import service
from billing.sundry.schemas import SundryDebtCreate, SundryDebtPublic
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, run_once
from shared.web.security import require_roles

router = APIRouter(prefix="/sundry-debts", tags=["sundry debts"])

RAISERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER)


@router.post("", status_code=201, response_model=SundryDebtPublic,
             summary="Raise a sundry debt (rechargeable repair, court costs, other) on a new sundry account")
async def raise_debt(body: SundryDebtCreate, uow: UowDep, idempotency_key: IdempotencyKey,
                     user: Principal = Depends(require_roles(*RAISERS))) -> JSONResponse:
    cmd = service.RaiseSundryDebt(
        debt_type=body.debt_type, amount=body.amount, description=body.description, raised_on=body.raised_on,
        due_date=body.due_date, person_ids=body.person_ids, against_account_ref=body.against_account_ref,
        reason=body.reason, actor=user.actor)

    async def act() -> tuple[int, Any]:
        if body.against_account_ref is not None:
            await authorised_account(uow.session, user, body.against_account_ref)
        raised = await service.raise_debt(uow, cmd)
        debt = await service.get_debt(uow, uuid.UUID(raised["debt_id"]))
        return 201, SundryDebtPublic(**debt).model_dump(mode="json")

    return await run_once(uow, "sundry-debt", idempotency_key, user, body.model_dump(mode="json"), act)


@router.get("/{debt_id}", response_model=SundryDebtPublic)
async def get_debt(debt_id: uuid.UUID, uow: UowDep, user: Principal = Depends(require_roles(*STAFF_READ))) -> Any:
    async with uow:
        debt = await service.get_debt(uow, debt_id)
        await authorised_account(uow.session, user, str(debt["account_ref"]))
        return debt
