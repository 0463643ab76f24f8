"""Water and sewerage charges collected for the water company: the agreement (void
allowance, commission), reconciliations for a period with their lines, and a re-check."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi import APIRouter, Depends

from billing.access import STAFF_READ
from billing.water import service
from billing.water.rules import WaterAgreement
from billing.water.schemas import (
    WaterAgreementCreate,
    WaterAgreementPublic,
    WaterLinePublic,
    WaterReconciliationCreate,
    WaterReconciliationPublic,
)
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(prefix="/water", tags=["water charges"])

Reader = Depends(require_roles(*STAFF_READ))

Finance = Depends(require_roles(Role.SENIOR_OFFICER, Role.FINANCE_APPROVER))


@router.post("/agreements", status_code=201, response_model=list[WaterAgreementPublic],
             summary="Record the water company agreement's rates from a date (audited; earlier ones are kept)")
async def set_agreement(body: WaterAgreementCreate, uow: UowDep, user: Principal = Finance) -> list[dict[str, Any]]:
    agreement = WaterAgreement(body.void_allowance_rate, body.commission_rate, body.basis)
    async with uow:
        await service.set_agreement(uow, body.effective_from, agreement, user.actor, body.reason)
        await uow.commit()
        return await service.agreements(uow)


@router.get("/agreements", response_model=list[WaterAgreementPublic])
async def list_agreements(uow: UowDep, _: Principal = Reader) -> list[dict[str, Any]]:
    async with uow:
        return await service.agreements(uow)


@router.post("/reconciliations", status_code=201, response_model=WaterReconciliationPublic,
             summary="Reconcile a period: water debited, collected, void allowance, commission, amount payable")
async def reconcile(body: WaterReconciliationCreate, uow: UowDep,
                    user: Principal = Depends(require_roles(Role.RENT_OFFICER, Role.SENIOR_OFFICER,
                                                            Role.FINANCE_APPROVER))) -> Any:
    async with uow:
        recon_id = await service.reconcile(uow, body.period_from, body.period_to, body.payment_due, user.actor)
        await uow.commit()
        return await service.get_reconciliation(uow, recon_id)


@router.get("/reconciliations/{reconciliation_id}", response_model=WaterReconciliationPublic)
async def get_reconciliation(reconciliation_id: uuid.UUID, uow: UowDep, _: Principal = Reader) -> Any:
    async with uow:
        return await service.get_reconciliation(uow, reconciliation_id)


@router.get("/reconciliations/{reconciliation_id}/lines", response_model=list[WaterLinePublic],
            summary="Account by account: debited, water debited, receipts, water collected")
async def lines(reconciliation_id: uuid.UUID, uow: UowDep, limit: Limit = 100, after: str = "",
                _: Principal = Reader) -> list[dict[str, Any]]:
    async with uow:
        return await service.reconciliation_lines(uow, reconciliation_id, limit, after)


@router.get("/reconciliations/{reconciliation_id}/recheck",
            summary="Work the figures out again from the ledger; matches is false if postings changed since")
async def recheck(reconciliation_id: uuid.UUID, uow: UowDep, _: Principal = Reader) -> dict[str, Any]:
    async with uow:
        return await service.recheck(uow, reconciliation_id)
