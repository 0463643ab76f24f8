from datetime import date
from decimal import ROUND_DOWN, Decimal

from fastapi import APIRouter, Depends
from sqlalchemy import update

from recovery.access import OFFICERS, READERS, SENIOR, check_patch
from recovery.policy.rules import benefit_status
from recovery.positions import queries
from recovery.positions.schemas import FlagsUpdate, PositionPublic, ReviewCreate
from recovery.positions.tables import account_position_table as positions
from shared import audit
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.reconciliation import account_balances_router
from shared.web.security import require_roles

router = APIRouter(tags=["accounts"])
# For the cross-service reconciliation: the projected balance of every account, page by page.
balances_router = account_balances_router(positions)


def _public(row) -> PositionPublic:
    weekly = row["weekly_charge"]
    weeks = (max(row["balance"], 0) / weekly).quantize(Decimal("0.01"), ROUND_DOWN) if weekly else None
    return PositionPublic(**row, weeks_in_arrears=weeks, benefit_status=benefit_status(
        row["last_hb_on"], row["last_uc_on"], row["benefit_claim_pending"], date.today()))


@router.get("/accounts/{account_ref}", response_model=PositionPublic)
async def get_position(account_ref: str, uow: UowDep,
                       user: Principal = Depends(require_roles(*READERS))) -> PositionPublic:
    async with uow:
        row = await queries.get_position(uow.session, account_ref)
    check_patch(user, row["patch"])
    return _public(row)


@router.patch("/accounts/{account_ref}/flags", response_model=PositionPublic)
async def set_flags(account_ref: str, body: FlagsUpdate, uow: UowDep,
                    user: Principal = Depends(require_roles(*OFFICERS))) -> PositionPublic:
    """Benefit claim pending, charge disputed, vulnerability (a new flag needs a senior review)."""
    changes = body.model_dump(exclude_none=True, exclude={"reason"})
    async with uow:
        row = await queries.get_position(uow.session, account_ref, for_update=True)
        check_patch(user, row["patch"])
        if changes.get("vulnerable"):
            changes.update(vulnerability_reviewed_on=None, vulnerability_reviewed_by=None)
        await uow.session.execute(update(positions).where(positions.c.account_ref == account_ref).values(**changes))
        await audit.record(uow.session, actor=user.actor, action="flags", entity="account", entity_id=account_ref,
                           before={k: row[k] for k in changes}, after=changes, reason=body.reason)
        await uow.commit()
        row = await queries.get_position(uow.session, account_ref)
    return _public(row)


@router.post("/accounts/{account_ref}/vulnerability-review", response_model=PositionPublic)
async def review_vulnerability(account_ref: str, body: ReviewCreate, uow: UowDep,
                               user: Principal = Depends(require_roles(*SENIOR))) -> PositionPublic:
    """A senior officer's review lets recovery recommend actions on a vulnerable tenant again."""
    async with uow:
        row = await queries.get_position(uow.session, account_ref, for_update=True)
        await uow.session.execute(update(positions).where(positions.c.account_ref == account_ref).values(
            vulnerability_reviewed_on=date.today(), vulnerability_reviewed_by=user.actor))
        await audit.record(uow.session, actor=user.actor, action="vulnerability_review", entity="account",
                           entity_id=account_ref, reason=body.note)
        await uow.commit()
    return _public({**row, "vulnerability_reviewed_on": date.today()})
