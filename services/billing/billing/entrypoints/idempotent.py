"""Running a money-moving request under its Idempotency-Key: a retry replays the first
answer; the answer is stored in the same transaction as the effects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.responses import JSONResponse

from shared.auth.principal import Principal
from shared.db.unit_of_work import UnitOfWork
from shared.web.idempotency import remember, replay


async def idempotent(
    uow: UnitOfWork, scope: str, key: str, user: Principal, payload: Any,
    act: Callable[[], Awaitable[tuple[int, Any]]],
) -> JSONResponse:
    async with uow:
        replayed = await replay(uow.session, scope, key, user.actor, payload)
        if replayed is not None:
            return replayed
        status, body = await act()
        await remember(uow.session, scope, key, user.actor, payload, status, body)
        await uow.commit()
    return JSONResponse(body, status_code=status)
