"""Idempotency-Key for POSTs that move money: the first response is stored with a hash
of the request (in the same transaction as its effects) and replayed on retry; the
same key with a different request is refused."""

from __future__ import annotations

import hashlib
import json
from typing import Annotated, Any

from fastapi import Header
from fastapi.responses import JSONResponse
from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.platform_tables import idempotency_table
from shared.web.problems import ProblemError

IdempotencyKey = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=200,
        description="Unique per intended action; a retry with the same key replays the first answer",
    ),
]


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
