"""An optional Idempotency-Key for recovery's POSTs that change a case or an arrangement:
with one, a retry (a double click on a console form) replays the first answer; without
one, the request runs as before."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Header
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse

from shared.auth.principal import Principal
from shared.db.unit_of_work import UnitOfWork
from shared.web.idempotency import answering, run_once

OptionalIdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", min_length=8, max_length=200,
    description="Optional, unique per intended action: a retry with the same key replays the first answer")]


async def once(uow: UnitOfWork, scope: str, key: str | None, principal: Principal, payload: Any, status: int,
               action: Callable[[], Awaitable[Any]]) -> JSONResponse:
    """Run `action` (its changes and the answer it reads) in one transaction, once per key."""
    if key is not None:
        return await run_once(uow, scope, key, principal, payload, answering(status, action))
    async with uow:
        body = jsonable_encoder(await action())
        await uow.commit()
    return JSONResponse(body, status_code=status)
