"""Publishing with publisher confirms on a dedicated aio-pika connection.

Every message is persistent, carries an explicit message id, and is published
``mandatory`` on a channel whose returns raise: a message counts as sent only when
the broker has confirmed it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime
from typing import Any

import aio_pika
from aio_pika.abc import AbstractChannel, AbstractConnection, AbstractExchange, DeliveryMode
from pamqp.commands import Basic

from shared.messaging.topology import Names, declare_exchanges

log = logging.getLogger(__name__)


class PublishFailed(RuntimeError):
    pass


class ConfirmingPublisher:
    def __init__(self, amqp_url: str, names: Names, *, name: str = "publisher") -> None:
        self._url = amqp_url
        self.names = names
        self._name = name
        self._connection: AbstractConnection | None = None
        self._channel: AbstractChannel | None = None
        self._exchanges: dict[str, AbstractExchange] = {}
        self._lock = asyncio.Lock()

    @property
    def connected(self) -> bool:
        return (
            self._connection is not None
            and not self._connection.is_closed
            and self._channel is not None
            and not self._channel.is_closed
        )

    async def connect(self) -> None:
        """Connect, or reconnect after the broker went away (callers retry on failure)."""
        async with self._lock:
            if self.connected:
                return
            if self._connection is not None:
                with contextlib.suppress(Exception):
                    await self._connection.close()
                self._connection = self._channel = None
            self._connection = await aio_pika.connect(
                self._url, timeout=10, client_properties={"connection_name": self._name}
            )
            self._channel = await self._connection.channel(
                publisher_confirms=True, on_return_raises=True
            )
            await declare_exchanges(self._channel, self.names)
            self._exchanges = {}

    @property
    def channel(self) -> AbstractChannel:
        if self._channel is None:
            raise PublishFailed("publisher is not connected")
        return self._channel

    async def _exchange(self, name: str) -> AbstractExchange:
        if name == "":
            return self.channel.default_exchange
        if name not in self._exchanges:
            self._exchanges[name] = await self.channel.get_exchange(name, ensure=False)
        return self._exchanges[name]

    async def publish(
        self,
        *,
        exchange: str,
        routing_key: str,
        body: bytes,
        message_id: str,
        headers: dict[str, Any] | None = None,
        message_type: str | None = None,
        correlation_id: str | None = None,
        timeout: float = 10.0,
    ) -> None:
        """Publish one persistent message and wait for the broker's confirm."""
        if not self.connected:
            await self.connect()
        message = aio_pika.Message(
            body,
            message_id=message_id,
            delivery_mode=DeliveryMode.PERSISTENT,
            content_type="application/json",
            headers=headers or {},
            type=message_type,
            correlation_id=correlation_id,
            timestamp=datetime.now(UTC),
        )
        target = await self._exchange(exchange)
        try:
            confirm = await target.publish(
                message, routing_key=routing_key, mandatory=True, timeout=timeout
            )
        except aio_pika.exceptions.DeliveryError as exc:
            raise PublishFailed(f"broker returned {message_id}: {exc}") from exc
        if not isinstance(confirm, Basic.Ack):
            raise PublishFailed(f"broker did not confirm {message_id}: {confirm!r}")

    async def publish_raw(
        self, *, exchange: str, routing_key: str, source: aio_pika.abc.AbstractIncomingMessage,
        headers: dict[str, Any],
    ) -> None:
        """Re-publish a received message (retry, dead-letter, replay) keeping its id."""
        await self.publish(
            exchange=exchange,
            routing_key=routing_key,
            body=source.body,
            message_id=source.message_id or "",
            headers=headers,
            message_type=source.type,
            correlation_id=source.correlation_id,
        )

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.close()
        self._connection = None
        self._channel = None
