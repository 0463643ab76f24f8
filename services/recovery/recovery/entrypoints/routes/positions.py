from datetime import date

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import select

from recovery.adapters.orm import account_position_table as positions
from shared.auth.principal import Principal, Role
from shared.money import Money
from shared.web.app import UowDep
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["accounts"])
READERS = (Role.INCOME_OFFICER, Role.RENT_OFFICER, Role.SENIOR_OFFICER, Role.AUDITOR)


class PositionPublic(BaseModel):
    account_ref: str
    balance: Money
    last_seq: int
    account_type: str | None
    tenancy_ref: str | None
    patch: str | None
    status: str | None
    weekly_charge: Money | None
    last_payment_on: date | None
    last_payment_amount: Money | None


@router.get("/accounts/{account_ref}", response_model=PositionPublic)
async def get_position(
    account_ref: str, uow: UowDep, _: Principal = Depends(require_roles(*READERS))
) -> PositionPublic:
    async with uow:
        row = (await uow.session.execute(
            select(positions).where(positions.c.account_ref == account_ref)
        )).mappings().first()
    if row is None:
        raise ProblemError(404, "Not found", f"recovery knows no account {account_ref}")
    return PositionPublic(**row)
