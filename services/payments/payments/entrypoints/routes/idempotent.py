"""Running a money-moving POST once per Idempotency-Key, in the transaction of its effects."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from shared.auth.principal import Principal
from shared.db.unit_of_work import UnitOfWork
from shared.web.idempotency import remember, replay


async def once(uow: UnitOfWork, scope: str, key: str, principal: Principal, payload: Any,
               action: Callable[[], Awaitable[Any]], status_code: int = 200) -> JSONResponse:
    """The stored answer for a retried key, else run ``action`` and store its answer."""
    request = jsonable_encoder(payload)
    async with uow:
        stored = await replay(uow.session, scope, key, principal.actor, request)
        if stored is not None:
            return stored
        body = jsonable_encoder(await action())
        await remember(uow.session, scope, key, principal.actor, request, status_code, body)
        await uow.commit()
    return JSONResponse(body, status_code=status_code)
