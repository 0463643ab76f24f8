"""`GET /dead-letters`: what this service's consumers could not process, with the reason
each message was dead-lettered (ops and auditors; the CLI's `rentctl dead-letters`).

Read-only: messages are fetched unacknowledged on a channel of their own and handed back
when it closes (released, not rejected), so listing neither removes nor reorders them.
"""

from __future__ import annotations

import contextlib
import json
from typing import Annotated, Any

import aio_pika
from aiormq.exceptions import ChannelNotFoundEntity
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel

from shared.auth.principal import Principal, Role
from shared.messaging.consumer import DETAIL_HEADER, REASON_HEADER
from shared.messaging.topology import RETRY_HEADER
from shared.web.security import require_roles

router = APIRouter(tags=["ops"])
READERS = (Role.SENIOR_OFFICER, Role.AUDITOR)
BODY_PREVIEW = 2000


class DeadLetterPublic(BaseModel):
    message_id: str | None
    routing_key: str | None
    reason: str | None
    detail: str | None
    retry_count: int | None
    body: Any


class DeadLetterQueuePublic(BaseModel):
    consumer: str
    queue: str
    messages: int | None
    shown: list[DeadLetterPublic]


@router.get("/dead-letters", response_model=list[DeadLetterQueuePublic],
            summary="Dead-lettered messages of this service's consumers, with their reasons")
async def dead_letters(
    request: Request,
    limit: Annotated[int, Query(ge=0, le=100, description="Messages shown per queue, at most 100")] = 20,
    _: Principal = Depends(require_roles(*READERS)),
) -> list[DeadLetterQueuePublic]:
    runtime = request.app.state.runtime
    result = []
    connection = await aio_pika.connect(runtime.settings.amqp_url, timeout=10)
    async with connection:
        for consumer in runtime.consumers:
            result.append(await _peek(connection, runtime.names.dead_letter_queue(consumer.name), consumer.name,
                                      limit))
    return result


async def _peek(connection: aio_pika.abc.AbstractConnection, queue_name: str, consumer: str,
                limit: int) -> DeadLetterQueuePublic:
    channel = await connection.channel()
    try:
        queue = await channel.declare_queue(queue_name, passive=True)
    except ChannelNotFoundEntity:  # its consumers have never run against this broker
        return DeadLetterQueuePublic(consumer=consumer, queue=queue_name, messages=None, shown=[])
    shown = []
    try:
        for _ in range(limit):
            message = await queue.get(no_ack=False, fail=False)
            if message is None:
                break
            shown.append(_public(message))
    finally:
        with contextlib.suppress(Exception):
            await channel.close()  # unacknowledged messages go back, in order
    return DeadLetterQueuePublic(consumer=consumer, queue=queue_name,
                                 messages=queue.declaration_result.message_count, shown=shown)


def _public(message: aio_pika.abc.AbstractIncomingMessage) -> DeadLetterPublic:
    headers = message.headers or {}
    text = message.body[:BODY_PREVIEW].decode("utf-8", errors="replace")
    try:
        body: Any = json.loads(text)
    except ValueError:
        body = text
    retry = headers.get(RETRY_HEADER)
    return DeadLetterPublic(
        message_id=message.message_id,
        routing_key=_text(headers.get("x-original-routing-key")) or message.routing_key,
        reason=_text(headers.get(REASON_HEADER)),
        detail=_text(headers.get(DETAIL_HEADER)),
        retry_count=int(retry) if isinstance(retry, int | str) and str(retry).isdigit() else None,
        body=body,
    )


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return None if value is None else str(value)
