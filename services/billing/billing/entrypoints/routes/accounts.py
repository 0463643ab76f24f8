from fastapi import APIRouter, Depends

from billing.adapters import repository as repo
from billing.entrypoints.routes.properties import STAFF_READ
from billing.entrypoints.schemas import AccountPublic, PostingPublic
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(prefix="/accounts", tags=["accounts"])


@router.get("/{account_ref}", response_model=AccountPublic)
async def get_account(
    account_ref: str, uow: UowDep, _: Principal = Depends(require_roles(*STAFF_READ))
) -> AccountPublic:
    async with uow:
        account = await repo.get_account(uow.session, account_ref)
    if account is None:
        raise ProblemError(404, "Not found", f"account {account_ref} does not exist")
    return AccountPublic(**{k: getattr(account, k) for k in AccountPublic.model_fields})


@router.get("/{account_ref}/postings", response_model=list[PostingPublic])
async def list_postings(
    account_ref: str,
    uow: UowDep,
    limit: Limit = 100,
    after_seq: int = 0,
    _: Principal = Depends(require_roles(*STAFF_READ)),
) -> list[PostingPublic]:
    async with uow:
        if await repo.get_account(uow.session, account_ref) is None:
            raise ProblemError(404, "Not found", f"account {account_ref} does not exist")
        rows = await repo.list_postings(uow.session, account_ref, limit=limit, after_seq=after_seq)
    return [PostingPublic(**row) for row in rows]
