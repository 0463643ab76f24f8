"""Read-only routes the cross-service reconciliation (`rentctl reconcile`) reads: every
account's balance as a service holds it, page by page, and money totals by kind.

One shape for every service, so the checker compares like with like; each service mounts
them on its own tables (`account_balances_router`, `totals_router`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select, Table, select

from shared.auth.principal import Principal, Role
from shared.money import Money
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.security import require_roles

RECONCILERS = (Role.SENIOR_OFFICER, Role.FINANCE_APPROVER, Role.AUDITOR)
BALANCES_PATH = "/reports/account-balances"


class AccountBalancePublic(BaseModel):
    account_ref: str
    balance: Money
    last_seq: int


class TotalPublic(BaseModel):
    kind: str
    count: int
    amount: Money


def account_balances_router(table: Table, *, tag: str = "reconciliation") -> APIRouter:
    """GET /reports/account-balances?after=&limit=: balances in account order (keyset pages)."""
    router = APIRouter(tags=[tag])

    @router.get(BALANCES_PATH, response_model=list[AccountBalancePublic],
                summary="Every account's balance and latest posting sequence, in account order, for reconciliation")
    async def account_balances(
        uow: UowDep,
        after: Annotated[str, Query(max_length=15, description="Account reference to start after")] = "",
        limit: Limit = 500,
        _: Principal = Depends(require_roles(*RECONCILERS)),
    ) -> list[AccountBalancePublic]:
        query = (select(table.c.account_ref, table.c.balance, table.c.last_seq)
                 .where(table.c.account_ref > after).order_by(table.c.account_ref).limit(limit))
        async with uow:
            rows = (await uow.session.execute(query)).mappings().all()
        return [AccountBalancePublic(**r) for r in rows]

    return router


def totals_router(path: str, queries: Callable[[], list[Select]], *, summary: str,
                  tag: str = "reconciliation") -> APIRouter:
    """GET `path`: totals from each query, which selects (kind, count, amount) rows."""
    router = APIRouter(tags=[tag])

    @router.get(path, response_model=list[TotalPublic], summary=summary)
    async def totals(uow: UowDep, _: Principal = Depends(require_roles(*RECONCILERS))) -> list[TotalPublic]:
        found: list[TotalPublic] = []
        async with uow:
            for query in queries():
                found += [TotalPublic(kind=r.kind, count=r.count, amount=Money(r.amount or 0))
                          for r in (await uow.session.execute(query))]
        return sorted(found, key=lambda t: t.kind)

    return router
