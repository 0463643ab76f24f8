from typing import Any

from fastapi import APIRouter, Depends

from billing.access import STAFF_READ, authorised_account
from billing.charges import queries as charge_queries
from billing.charges import service as charge_changes
from billing.ledger import accounts as ledger_accounts
from billing.ledger.schemas import PostingPublic
from billing.lettings import accounts as account_service
from billing.tenancies.schemas import AccountCreate, AccountPublic, ChargeChange, ChargePublic
from shared.auth.principal import Principal, Role
from shared.contracts.types import AccountType
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, run_once
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(prefix="/accounts", tags=["accounts"])

OPENERS = (Role.RENT_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER)


@router.post("", status_code=201, response_model=AccountPublic,
             summary="Open a garage, sundry, insurance or leasehold account")
async def open_account(
    body: AccountCreate, uow: UowDep, user: Principal = Depends(require_roles(*OPENERS))
) -> AccountPublic:
    cmd = account_service.OpenAccount(
        account_type=AccountType(body.account_type), opened_on=body.opened_on, property_ref=body.property_ref,
        person_ids=body.person_ids, charges={c.charge_type: c.weekly_amount for c in body.charges},
        reason=body.reason, actor=user.actor)
    async with uow:
        ref = await account_service.open_account(cmd, uow)
        await uow.commit()
        account = await ledger_accounts.get_account(uow.session, ref)
    return AccountPublic(**{k: getattr(account, k) for k in AccountPublic.model_fields})


@router.get("/{account_ref}", response_model=AccountPublic)
async def get_account(
    account_ref: str, uow: UowDep, user: Principal = Depends(require_roles(*STAFF_READ))
) -> AccountPublic:
    async with uow:
        account = await authorised_account(uow.session, user, account_ref)
    return AccountPublic(**{k: getattr(account, k) for k in AccountPublic.model_fields})


@router.get("/{account_ref}/postings", response_model=list[PostingPublic])
async def list_postings(
    account_ref: str,
    uow: UowDep,
    limit: Limit = 100,
    after_seq: int = 0,
    user: Principal = Depends(require_roles(*STAFF_READ)),
) -> list[PostingPublic]:
    async with uow:
        await authorised_account(uow.session, user, account_ref)
        rows = await ledger_accounts.list_postings(uow.session, account_ref, limit=limit, after_seq=after_seq)
    return [PostingPublic(**row) for row in rows]


@router.get("/{account_ref}/charges", response_model=list[ChargePublic], summary="The effective-dated schedule")
async def list_charges(
    account_ref: str, uow: UowDep, user: Principal = Depends(require_roles(*STAFF_READ))
) -> list[dict[str, Any]]:
    async with uow:
        await authorised_account(uow.session, user, account_ref)
        return await charge_queries.charge_rows(uow.session, account_ref)


@router.post("/{account_ref}/charges", response_model=list[ChargePublic],
             summary="New weekly charges from a date (backdated weeks already debited are re-priced)")
async def change_charges(
    account_ref: str, body: ChargeChange, uow: UowDep, idempotency_key: IdempotencyKey,
    user: Principal = Depends(require_roles(Role.RENT_OFFICER, Role.SENIOR_OFFICER)),
) -> Any:
    charges = {c.charge_type: c.weekly_amount for c in body.charges}
    if len(charges) != len(body.charges):
        raise ProblemError(422, "Duplicate charge types", "each charge type may be given once")

    async def act() -> tuple[int, Any]:
        await authorised_account(uow.session, user, account_ref)
        await charge_changes.change_charges(uow, account_ref, body.effective_from, charges, body.reason,
                                             user.actor)
        rows = await charge_queries.charge_rows(uow.session, account_ref)
        return 200, [ChargePublic(**r).model_dump(mode="json") for r in rows]

    payload = {"account_ref": account_ref, **body.model_dump(mode="json")}
    return await run_once(uow, "charges", idempotency_key, user, payload, act)
