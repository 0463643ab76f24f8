"""Idempotency-Key for POSTs that move money: the first response is stored with a hash
of the request (in the same transaction as its effects) and replayed on retry; the
same key with a different request is refused. POSTs that change a case rather than money
take the key optionally (``OptionalIdempotencyKey``, ``once``): a console form sends one,
so a double click replays the first answer; without one the request runs as before."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

from fastapi import Header
from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.auth.principal import Principal
from shared.db.platform_tables import idempotency_table
from shared.db.unit_of_work import UnitOfWork
from shared.web.problems import PROBLEM_JSON, ProblemError

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        description="Unique per intended action; a retry with the same key replays the first answer",
    ),
]
OptionalIdempotencyKey = Annotated[str | None, Header(
    alias="Idempotency-Key", min_length=8, max_length=200,
    description="Optional, unique per intended action: a retry with the same key replays the first answer")]


def request_hash(payload: Any) -> str:
    canonical = json.dumps(payload, sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


async def replay(
    session: AsyncSession, scope: str, key: str, principal: str, payload: Any
) -> JSONResponse | None:
    """The stored response for this key, or None if the key is new."""
    row = (
        await session.execute(
            select(idempotency_table).where(
                idempotency_table.c.scope == scope, idempotency_table.c.key == key
            )
        )
    ).first()
    if row is None:
        return None
    if row.request_hash != request_hash(payload) or row.principal != principal:
        raise ProblemError(
            422,
            "Idempotency-Key reused",
            "This Idempotency-Key was already used for a different request.",
            type_="urn:rent:problem:idempotency-key-reused",
        )
    return JSONResponse(
        json.loads(row.response), status_code=row.status_code, headers={"Idempotent-Replay": "true"}
    )


async def remember(
    session: AsyncSession,
    scope: str,
    key: str,
    principal: str,
    payload: Any,
    status_code: int,
    response: Any,
) -> None:
    await session.execute(
        insert(idempotency_table).values(
            scope=scope,
            key=key,
            principal=principal,
            request_hash=request_hash(payload),
            status_code=status_code,
            response=json.dumps(response, default=str),
        )
    )


Action = Callable[[], Awaitable[tuple[int, Any]]]


async def run_once(
    uow: UnitOfWork, scope: str, key: str, principal: Principal, payload: Any, action: Action
) -> JSONResponse:
    """Run a money-moving request once per Idempotency-Key: the action's effects, its stored
    answer and its outbox rows commit together; a retry replays the first answer.

    ``action`` returns (status, JSON body); a status of 400 or more is answered as
    problem+json (an answer that still commits, such as a re-check that failed)."""
    request = jsonable_encoder(payload)
    async with uow:
        stored = await replay(uow.session, scope, key, principal.actor, request)
        if stored is not None:
            return stored
        status, body = await action()
        body = jsonable_encoder(body)
        await remember(uow.session, scope, key, principal.actor, request, status, body)
        await uow.commit()
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON if status >= 400 else None)


def answering(status: int, action: Callable[[], Awaitable[Any]]) -> Action:
    """Adapt an action that returns only a body to ``run_once`` with a fixed status."""

    async def act() -> tuple[int, Any]:
        return status, await action()

    return act


async def once(uow: UnitOfWork, scope: str, key: str | None, principal: Principal, payload: Any, status: int,
               action: Callable[[], Awaitable[Any]]) -> JSONResponse:
    """Run ``action`` (its changes and the answer it reads) in one transaction; with a key,
    once per key."""
    if key is not None:
        return await run_once(uow, scope, key, principal, payload, answering(status, action))
    async with uow:
        body = jsonable_encoder(await action())
        await uow.commit()
    return JSONResponse(body, status_code=status)
