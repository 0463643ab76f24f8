"""Who may do what in refunds, and the Idempotency-Key wrapper for money-moving POSTs."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.responses import JSONResponse

from shared.auth.principal import Principal, Role
from shared.db.unit_of_work import UnitOfWork
from shared.web.idempotency import remember, replay
from shared.web.problems import PROBLEM_JSON

READERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.SENIOR_OFFICER, Role.FINANCE_APPROVER, Role.AUDITOR)
REQUESTERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.SENIOR_OFFICER)
APPROVERS = (Role.SENIOR_OFFICER, Role.FINANCE_APPROVER)
PAYERS = (Role.FINANCE_APPROVER,)
CONFIGURERS = (Role.ADMIN,)


async def once(
    uow: UnitOfWork, scope: str, key: str, principal: Principal, payload: Any,
    action: Callable[[], Awaitable[tuple[int, Any]]],
) -> JSONResponse:
    """Run ``action`` once per Idempotency-Key: its effects, the stored response and the
    outbox rows commit together; a retry replays the first response."""
    async with uow:
        stored = await replay(uow.session, scope, key, principal.actor, payload)
        if stored is not None:
            return stored
        status, body = await action()
        await remember(uow.session, scope, key, principal.actor, payload, status, body)
        await uow.commit()
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON if status >= 400 else None)
