"""Consumers: handler registration, decoding, and the reliable processing loop.

Processing one delivery: decode it (a message that cannot be decoded is poison and
goes straight to the dead-letter queue), then in one transaction claim its id in the
inbox and run the handler; commit; only then ack. A handler failure is retried by
re-publishing the message to a delay queue; after the last retry it is dead-lettered
with the reason in its headers. A process that dies mid-message never acks, so the
broker redelivers and the inbox makes the second delivery harmless.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aio_pika.abc import AbstractIncomingMessage
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import StatementError
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from shared import inbox
from shared.contracts import Envelope, EventData, contract_for
from shared.db.engine import describe_database_error
from shared.db.unit_of_work import DomainReactions, UnitOfWork
from shared.messaging.metrics import CONSUMED, DEAD_LETTERED
from shared.messaging.publisher import ConfirmingPublisher
from shared.messaging.topology import RETRY_HEADER, Names

log = logging.getLogger(__name__)

REASON_HEADER = "x-dead-letter-reason"
DETAIL_HEADER = "x-dead-letter-detail"


class PermanentFailure(Exception):
    """A message that no retry can fix (bad data, unknown account, ...)."""

    reason = "rejected"

    def __init__(self, detail: str, *, reason: str | None = None) -> None:
        super().__init__(detail)
        if reason:
            self.reason = reason


class PoisonMessage(PermanentFailure):
    reason = "undecodable"


@dataclass(frozen=True)
class Incoming:
    """A decoded message as handlers see it."""

    key: str
    message_id: str
    data: Any
    envelope: Envelope[Any] | None = None
    routing_key: str = ""

    @property
    def source(self) -> str:
        return f"message:{self.message_id}"


Handler = Callable[[Incoming, UnitOfWork], Awaitable[None]]
Decoder = Callable[[AbstractIncomingMessage], Incoming]


def data_only(handler: Callable[[Any, UnitOfWork], Awaitable[object]]) -> Handler:
    """Adapt a service-layer handler taking ``(payload, uow)`` to a consumer handler."""

    async def handle(msg: Incoming, uow: UnitOfWork) -> None:
        await handler(msg.data, uow)

    handle.__name__ = getattr(handler, "__name__", "handle")
    return handle


def dated(handler: Callable[[Any, UnitOfWork, datetime | None], Awaitable[object]]) -> Handler:
    """Adapt a handler taking ``(payload, uow, occurred_at)``: of two changes for one date,
    the later event wins."""

    async def handle(msg: Incoming, uow: UnitOfWork) -> None:
        await handler(msg.data, uow, msg.envelope.occurred_at if msg.envelope else None)

    handle.__name__ = getattr(handler, "__name__", "handle")
    return handle


def with_source(handler: Callable[[Any, str, UnitOfWork], Awaitable[object]]) -> Handler:
    """Adapt a handler taking ``(payload, source, uow)``: the source names the message."""

    async def handle(msg: Incoming, uow: UnitOfWork) -> None:
        await handler(msg.data, msg.source, uow)

    handle.__name__ = getattr(handler, "__name__", "handle")
    return handle


def event_key(contract: type[EventData]) -> str:
    return f"{contract.event_type}.v{contract.version}"


def validation_detail(exc: ValidationError) -> str:
    # Only locations and messages: input values may hold personal data.
    return "; ".join(
        f"{'.'.join(str(p) for p in err['loc']) or '(body)'}: {err['msg']}" for err in exc.errors()
    )[:800]


def failure_detail(exc: Exception) -> str:
    """The dead-letter detail of a handler failure; a database error's text may quote the
    values it was given, so it is described without them."""
    if isinstance(exc, StatementError):
        return describe_database_error(exc)
    return f"{type(exc).__name__}: {exc}"


def _load_json(raw: AbstractIncomingMessage) -> Any:
    if not raw.message_id:
        raise PoisonMessage("message has no message_id", reason="missing_message_id")
    try:
        return json.loads(raw.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise PoisonMessage(f"body is not JSON: {exc}", reason="invalid_json") from None


def decode_envelope(raw: AbstractIncomingMessage) -> Incoming:
    obj = _load_json(raw)
    if not isinstance(obj, dict):
        raise PoisonMessage("body is not a JSON object", reason="invalid_envelope")
    event_type, version = obj.get("event_type"), obj.get("version")
    contract = contract_for(event_type, version) if isinstance(version, int) else None
    if contract is None:
        raise PoisonMessage(f"unknown event {event_type!r} v{version!r}", reason="unknown_event_type")
    try:
        envelope = Envelope[contract].model_validate(obj)  # type: ignore[valid-type]
    except ValidationError as exc:
        raise PoisonMessage(validation_detail(exc), reason="invalid_payload") from None
    if str(envelope.event_id) != raw.message_id and envelope.event_id.hex != raw.message_id:
        raise PoisonMessage("message_id differs from event_id", reason="message_id_mismatch")
    return Incoming(
        key=event_key(contract),
        message_id=str(envelope.event_id),
        data=envelope.data,
        envelope=envelope,
        routing_key=raw.routing_key or "",
    )


def model_decoder(models: dict[str, type[BaseModel]]) -> Decoder:
    """Decoder for plain JSON messages (upstream systems) chosen by routing key."""

    def decode(raw: AbstractIncomingMessage) -> Incoming:
        obj = _load_json(raw)
        # A retried or replayed message reaches the queue under the queue's name: the key it
        # was published with travels in a header.
        original = (raw.headers or {}).get("x-original-routing-key")
        key = (original.decode() if isinstance(original, bytes) else original) or raw.routing_key or ""
        model = models.get(key)
        if model is None:
            raise PoisonMessage(f"no contract for routing key {key!r}", reason="unknown_routing_key")
        try:
            data = model.model_validate(obj)
        except ValidationError as exc:
            raise PoisonMessage(validation_detail(exc), reason="invalid_payload") from None
        return Incoming(key=key, message_id=raw.message_id or "", data=data, routing_key=key)

    return decode


@dataclass
class Consumer:
    """One consumer = one queue, its bindings and its handlers (registered in one place)."""

    name: str
    handlers: dict[str, Handler]
    binding_keys: list[str]
    decoder: Decoder = decode_envelope
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def for_events(
        cls, name: str, handlers: dict[type[EventData], Handler], description: str = ""
    ) -> Consumer:
        return cls(
            name=name,
            handlers={event_key(c): h for c, h in handlers.items()},
            binding_keys=[c.routing_key() for c in handlers],
            description=description,
        )

    @classmethod
    def for_models(
        cls, name: str, handlers: dict[type[BaseModel], Handler], description: str = ""
    ) -> Consumer:
        keys = {model.routing_key: model for model in handlers}  # type: ignore[attr-defined]
        return cls(
            name=name,
            handlers={model.routing_key: h for model, h in handlers.items()},  # type: ignore[attr-defined]
            binding_keys=list(keys),
            decoder=model_decoder(keys),
            description=description,
        )


class ConsumerRuntime:
    """Processes deliveries for the consumers of one service."""

    def __init__(
        self,
        session_factory: async_sessionmaker[AsyncSession],
        publisher: ConfirmingPublisher,
        names: Names,
        retry_delays_ms: list[int],
        *,
        max_in_flight: int,
        on_commit: Callable[[], None] | None = None,
        reactions: DomainReactions | None = None,
    ) -> None:
        self._on_commit = on_commit
        self._reactions = reactions
        self._session_factory = session_factory
        self._publisher = publisher
        self._names = names
        self._delays = retry_delays_ms
        # Deliveries beyond this wait here, prefetched and unacked, rather than queueing for a
        # pooled connection: a burst must not starve the API of connections or time out.
        self._in_flight = asyncio.Semaphore(max_in_flight)
        self.max_in_flight = max_in_flight

    async def process(self, consumer: Consumer, raw: AbstractIncomingMessage) -> None:
        async with self._in_flight:
            await self._process(consumer, raw)

    async def _process(self, consumer: Consumer, raw: AbstractIncomingMessage) -> None:
        attempt = int((raw.headers or {}).get(RETRY_HEADER, 0) or 0)
        try:
            incoming = consumer.decoder(raw)
            handler = consumer.handlers.get(incoming.key)
            if handler is None:
                raise PermanentFailure(f"no handler for {incoming.key}", reason="no_handler")
            await self._apply(consumer, incoming, handler)
        except PermanentFailure as exc:
            await self._settle_failure(consumer, raw, exc.reason, str(exc), attempt, retry=False)
        except Exception as exc:
            detail = failure_detail(exc)
            log.warning(
                "handler failed",
                extra={"consumer": consumer.name, "message_id": raw.message_id,
                       "attempt": attempt, "error": detail},
            )
            await self._settle_failure(
                consumer, raw, "handler_error", detail, attempt, retry=True
            )
        else:
            await raw.ack()
            CONSUMED.labels(consumer.name, "ok").inc()

    async def _apply(self, consumer: Consumer, incoming: Incoming, handler: Handler) -> None:
        async with UnitOfWork(self._session_factory, cause=incoming.envelope, on_commit=self._on_commit,
                              reactions=self._reactions) as uow:
            if await inbox.claim(uow.session, consumer.name, incoming.message_id):
                await handler(incoming, uow)
            else:
                CONSUMED.labels(consumer.name, "duplicate").inc()
            await uow.commit()

    async def _settle_failure(
        self,
        consumer: Consumer,
        raw: AbstractIncomingMessage,
        reason: str,
        detail: str,
        attempt: int,
        *,
        retry: bool,
    ) -> None:
        headers = dict(raw.headers or {})
        try:
            if retry and attempt < len(self._delays):
                headers[RETRY_HEADER] = attempt + 1
                headers.setdefault("x-original-routing-key", raw.routing_key or "")
                await self._publisher.publish_raw(
                    exchange="",
                    routing_key=self._names.retry_queue(consumer.name, self._delays[attempt]),
                    source=raw,
                    headers=headers,
                )
                CONSUMED.labels(consumer.name, "retried").inc()
            else:
                if retry:
                    reason = "retries_exhausted"
                headers.update({
                    REASON_HEADER: reason,
                    DETAIL_HEADER: detail[:1000],
                    "x-dead-lettered-by": consumer.name,
                    "x-dead-lettered-at": datetime.now(UTC).isoformat(),
                    "x-original-routing-key": headers.get("x-original-routing-key") or raw.routing_key or "",
                    RETRY_HEADER: attempt,
                })
                await self._publisher.publish_raw(
                    exchange=self._names.dead_letter_exchange,
                    routing_key=self._names.queue(consumer.name),
                    source=raw,
                    headers=headers,
                )
                DEAD_LETTERED.labels(consumer.name, reason).inc()
                log.error(
                    "message dead-lettered",
                    extra={"consumer": consumer.name, "message_id": raw.message_id, "reason": reason},
                )
        except Exception:
            # Could not park the message: leave it with the broker to deliver again.
            log.exception("could not retry or dead-letter; requeueing", extra={"consumer": consumer.name})
            await raw.nack(requeue=True)
            return
        await raw.ack()
