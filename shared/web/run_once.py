"""Running a money-moving request once per Idempotency-Key: the action's effects, its
stored answer and its outbox rows commit together; a retry replays the first answer."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.responses import JSONResponse

from shared.auth.principal import Principal
from shared.db.unit_of_work import UnitOfWork
from shared.web.idempotency import remember, replay
from shared.web.problems import PROBLEM_JSON


async def run_once(
    uow: UnitOfWork, scope: str, key: str, principal: Principal, payload: Any,
    action: Callable[[], Awaitable[tuple[int, Any]]],
) -> JSONResponse:
    """``action`` returns (status, JSON body); a status of 400 or more is answered as
    problem+json (an answer that still commits, such as a re-check that failed)."""
    async with uow:
        stored = await replay(uow.session, scope, key, principal.actor, payload)
        if stored is not None:
            return stored
        status, body = await action()
        await remember(uow.session, scope, key, principal.actor, payload, status, body)
        await uow.commit()
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON if status >= 400 else None)
