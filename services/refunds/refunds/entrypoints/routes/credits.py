from datetime import date

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import select

from refunds.adapters.orm import credit_position_table as positions
from shared.auth.principal import Principal, Role
from shared.money import Money
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(tags=["credit balances"])
READERS = (Role.RENT_OFFICER, Role.SENIOR_OFFICER, Role.FINANCE_APPROVER, Role.AUDITOR)


class CreditPublic(BaseModel):
    account_ref: str
    balance: Money
    status: str
    end_date: date | None


@router.get("/credit-balances", response_model=list[CreditPublic])
async def credit_balances(
    uow: UowDep, limit: Limit = 100, _: Principal = Depends(require_roles(*READERS))
) -> list[CreditPublic]:
    """Accounts in credit, largest credit first."""
    async with uow:
        rows = (await uow.session.execute(
            select(positions).where(positions.c.balance < 0).order_by(positions.c.balance).limit(limit)
        )).mappings().all()
    return [CreditPublic(**r) for r in rows]
