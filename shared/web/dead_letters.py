"""`GET /dead-letters`: what this service's consumers could not process, with the reason
each message was dead-lettered (ops and auditors; the CLI's `rentctl dead-letters`).

Read-only: messages are fetched unacknowledged on a channel of their own and handed back
when it closes (released, not rejected), so listing neither removes nor reorders them.

`POST /dead-letters/replay` (senior officers): moves dead-lettered messages back to their
consumer's queue with their message ids, so the inbox still applies each at most once.
"""

from __future__ import annotations

import contextlib
import json
from typing import Annotated, Any

import aio_pika
from aiormq.exceptions import ChannelNotFoundEntity
from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from shared import audit
from shared.auth.principal import Principal, Role
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import DETAIL_HEADER, REASON_HEADER
from shared.messaging.topology import RETRY_HEADER
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["ops"])
READERS = (Role.SENIOR_OFFICER, Role.AUDITOR)
REPLAYERS = (Role.SENIOR_OFFICER,)
SCAN_LIMIT = 10_000  # messages looked at when replaying one message id
DEAD_LETTER_HEADERS = (REASON_HEADER, DETAIL_HEADER, "x-dead-lettered-by", "x-dead-lettered-at")
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
    reason, detail = why_dead_lettered(headers)
    return DeadLetterPublic(
        message_id=message.message_id,
        routing_key=_text(headers.get("x-original-routing-key")) or _first_routing_key(headers)
        or message.routing_key,
        reason=reason,
        detail=detail,
        retry_count=int(retry) if isinstance(retry, int | str) and str(retry).isdigit() else None,
        body=body,
    )


def why_dead_lettered(headers: dict[str, Any]) -> tuple[str | None, str | None]:
    """(reason, detail): ours when our consumer runtime dead-lettered the message, else the
    broker's own (``x-death``), e.g. ``delivery_limit`` for a message whose consumer kept dying
    holding it."""
    reason = _text(headers.get(REASON_HEADER))
    if reason is not None:
        return reason, _text(headers.get(DETAIL_HEADER))
    deaths = _deaths(headers)
    latest = deaths[0] if deaths else {}  # the broker keeps the most recent first
    reason = (_text(headers.get("x-last-death-reason")) or _text(latest.get("reason"))
              or _text(headers.get("x-first-death-reason")))
    if reason is None:
        return None, None
    queue = _text(headers.get("x-last-death-queue")) or _text(latest.get("queue"))
    count = latest.get("count")
    return reason, f"dead-lettered by the broker: {reason} on {queue or 'an unknown queue'}" + (
        f" (x-death count {count})" if count is not None else "")


def _first_routing_key(headers: dict[str, Any]) -> str | None:
    """The key a message was first published with, as the broker's oldest x-death records it."""
    deaths = _deaths(headers)
    keys = deaths[-1].get("routing-keys") if deaths else None
    return _text(keys[0]) if isinstance(keys, list) and keys else None


def _deaths(headers: dict[str, Any]) -> list[dict[str, Any]]:
    deaths = headers.get("x-death")
    return [d for d in deaths if isinstance(d, dict)] if isinstance(deaths, list) else []


def _text(value: Any) -> str | None:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return None if value is None else str(value)


class ReplayRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    consumer: str = Field(min_length=1, max_length=200)
    message_id: str | None = Field(default=None, min_length=1, max_length=200,
                                   description="Only this message; else the first `limit` messages")
    limit: int = Field(default=100, ge=1, le=1000)
    reason: str = Field(min_length=3, max_length=500, description="Why it is safe to replay now (audited)")


class ReplayPublic(BaseModel):
    consumer: str
    queue: str
    replayed: int
    message_ids: list[str | None]
    remaining: int | None


@router.post("/dead-letters/replay", response_model=ReplayPublic,
             summary="Move dead-lettered messages back to their consumer's queue (ids kept, audited)")
async def replay(
    body: ReplayRequest, request: Request, user: Principal = Depends(require_roles(*REPLAYERS)),
) -> ReplayPublic:
    runtime = request.app.state.runtime
    if body.consumer not in {c.name for c in runtime.consumers}:
        raise ProblemError(404, "Unknown consumer", f"this service has no consumer {body.consumer!r}: one of "
                           + ", ".join(sorted(c.name for c in runtime.consumers)))
    names = runtime.names
    dlq_name, queue_name = names.dead_letter_queue(body.consumer), names.queue(body.consumer)
    connection = await aio_pika.connect(runtime.settings.amqp_url, timeout=10)
    async with connection:
        channel = await connection.channel(publisher_confirms=True)
        try:
            dlq = await channel.declare_queue(dlq_name, passive=True)
        except ChannelNotFoundEntity:
            raise ProblemError(404, "No dead-letter queue", f"{dlq_name} does not exist on this broker") from None
        taken: list[aio_pika.abc.AbstractIncomingMessage] = []
        for _ in range(SCAN_LIMIT if body.message_id else body.limit):
            message = await dlq.get(no_ack=False, fail=False)
            if message is None:
                break
            if body.message_id and message.message_id != body.message_id:
                continue  # left unacknowledged: back on the queue, in order, when the channel closes
            await channel.default_exchange.publish(_replayed(message, user.actor), routing_key=queue_name,
                                                   mandatory=True)
            taken.append(message)
            if len(taken) >= body.limit:
                break
        async with UnitOfWork(runtime.session_factory) as uow:
            for message in taken:
                why, detail = why_dead_lettered(message.headers or {})
                await audit.record(
                    uow.session, actor=user.actor, action="dead_letter_replayed", entity="message",
                    entity_id=message.message_id or "", reason=body.reason, source=f"amqp:{dlq_name}",
                    before={"queue": dlq_name, "reason": why, "detail": detail},
                    after={"queue": queue_name})
            await uow.commit()
        # Acknowledged only once republished (confirmed) and audited: a failure before this
        # leaves them in the dead-letter queue, and a copy already replayed is a duplicate
        # the consumer's inbox ignores.
        for message in taken:
            await message.ack()
        remaining = (await channel.declare_queue(dlq_name, passive=True)).declaration_result.message_count
        with contextlib.suppress(Exception):
            await channel.close()
    return ReplayPublic(consumer=body.consumer, queue=dlq_name, replayed=len(taken),
                        message_ids=[m.message_id for m in taken], remaining=remaining)


def _replayed(message: aio_pika.abc.AbstractIncomingMessage, actor: str) -> aio_pika.Message:
    headers = {k: v for k, v in (message.headers or {}).items() if k not in DEAD_LETTER_HEADERS}
    headers.update({RETRY_HEADER: 0, "x-replayed-by": actor})
    return aio_pika.Message(
        body=message.body, message_id=message.message_id, headers=headers, content_type=message.content_type,
        content_encoding=message.content_encoding, type=message.type, correlation_id=message.correlation_id,
        timestamp=message.timestamp, delivery_mode=aio_pika.DeliveryMode.PERSISTENT)
