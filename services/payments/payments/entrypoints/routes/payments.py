import uuid
from datetime import date

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import select

from payments.adapters.orm import known_account_table, payment_table, suspense_table
from payments.entrypoints.schemas import PaymentPublic, SuspensePublic
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["payments"])
READERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.SENIOR_OFFICER, Role.FINANCE_APPROVER, Role.AUDITOR)


@router.get("/payments/{payment_id}", response_model=PaymentPublic)
async def get_payment(
    payment_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*READERS))
) -> PaymentPublic:
    async with uow:
        row = (await uow.session.execute(
            select(payment_table).where(payment_table.c.payment_id == payment_id)
        )).mappings().first()
    if row is None:
        raise ProblemError(404, "Not found", f"payment {payment_id} does not exist")
    return PaymentPublic(**row)


@router.get("/accounts/{account_ref}/payments", response_model=list[PaymentPublic])
async def account_payments(
    account_ref: str, uow: UowDep, limit: Limit = 100, _: Principal = Depends(require_roles(*READERS))
) -> list[PaymentPublic]:
    async with uow:
        rows = (await uow.session.execute(
            select(payment_table).where(payment_table.c.account_ref == account_ref)
            .order_by(payment_table.c.received_on.desc(), payment_table.c.created_at.desc()).limit(limit)
        )).mappings().all()
    return [PaymentPublic(**r) for r in rows]


@router.get("/suspense", response_model=list[SuspensePublic])
async def suspense_queue(
    uow: UowDep, status: str = "open", limit: Limit = 100, _: Principal = Depends(require_roles(*READERS))
) -> list[SuspensePublic]:
    async with uow:
        rows = (await uow.session.execute(
            select(suspense_table).where(suspense_table.c.status == status)
            .order_by(suspense_table.c.received_on, suspense_table.c.created_at).limit(limit)
        )).mappings().all()
    return [SuspensePublic(**r) for r in rows]


class KnownAccountPublic(BaseModel):
    account_ref: str
    account_type: str
    status: str
    opened_on: date
    closed_on: date | None


@router.get("/accounts/{account_ref}", response_model=KnownAccountPublic)
async def known_account(
    account_ref: str, uow: UowDep, _: Principal = Depends(require_roles(*READERS, Role.SYSTEM))
) -> KnownAccountPublic:
    """Whether payments can match money to this account (open) or would suspend it."""
    async with uow:
        row = (await uow.session.execute(
            select(known_account_table).where(known_account_table.c.account_ref == account_ref)
        )).mappings().first()
    if row is None:
        raise ProblemError(404, "Not found", f"payments knows no account {account_ref}")
    return KnownAccountPublic(**row)
