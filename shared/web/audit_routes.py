"""An account's audit trail as a route any service includes in one line:

    routers=[..., account_audit_router(authorise)]

``authorise(session, principal, account_ref)`` is the service's own object-level check: it
raises (404 for no such account, 403 outside the caller's patches) and returns the
(entity, entity_id) pairs whose records concern the account besides those naming it (its
tenancy, say). Readers: auditors and senior officers (and admins); officers for accounts their
patch check lets them see. The service's migrations must have run
``platform_migrations.upgrade_audit_account_ref`` (the trail reads audit_log.account_ref)."""

# No `from __future__ import annotations`: the route's annotations name the readers given to the
# factory, which FastAPI could not resolve from strings.
from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from pydantic import BaseModel, Field
from sqlalchemy.ext.asyncio import AsyncSession

from shared import audit
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.security import require_roles

AUDIT_READERS = (Role.AUDITOR, Role.SENIOR_OFFICER, Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER)
MAX_AUDIT_PAGE = 200

Authorise = Callable[[AsyncSession, Principal, str], Awaitable[Iterable[tuple[str, str]]]]


class AuditRecordPublic(BaseModel):
    id: int
    at: datetime
    actor: str
    action: str
    entity: str
    entity_id: str
    account_ref: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    reason: str | None
    source: str | None


class AuditTrailPublic(BaseModel):
    """Shaped as recovery's own trail (account_ref, total, limit, offset, items) and more."""

    account_ref: str
    total: int = Field(description="Records concerning the account in all")
    limit: int
    offset: int
    more: bool = Field(description="Whether an older page follows")
    items: list[AuditRecordPublic] = Field(description="Newest first")


def account_audit_router(authorise: Authorise, *, readers: tuple[str, ...] = AUDIT_READERS) -> APIRouter:
    router = APIRouter(tags=["audit"])

    @router.get("/accounts/{account_ref}/audit", response_model=AuditTrailPublic,
                summary="The audit trail of changes concerning the account, newest first")
    async def account_audit(
        account_ref: Annotated[str, Path(min_length=1, max_length=30)], uow: UowDep,
        user: Annotated[Principal, Depends(require_roles(*readers))],
        limit: Annotated[int, Query(ge=1, le=MAX_AUDIT_PAGE)] = 50,
        offset: Annotated[int, Query(ge=0, le=100_000)] = 0,
    ) -> AuditTrailPublic:
        async with uow:
            also = list(await authorise(uow.session, user, account_ref))
            rows, total = await audit.account_trail(uow.session, account_ref, also=also, limit=limit, offset=offset)
        return AuditTrailPublic(account_ref=account_ref, total=total, limit=limit, offset=offset,
                                more=offset + len(rows) < total, items=[AuditRecordPublic(**r) for r in rows])

    return router
