"""A service's moving parts, started and stopped together: database engine, the
confirming publisher, topology, FastStream consumers and the outbox relay.

Used by each service's FastAPI lifespan and worker entry point, and by tests that
run services in-process.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from faststream.rabbit import RabbitBroker
from sqlalchemy import text

from shared.db.engine import asyncpg_dsn, create_engine, create_session_factory
from shared.db.unit_of_work import DomainReactions, UnitOfWork
from shared.messaging.broker import build_broker
from shared.messaging.consumer import Consumer, ConsumerRuntime
from shared.messaging.publisher import ConfirmingPublisher
from shared.messaging.topology import Names, declare_consumer
from shared.outbox.relay import OutboxRelay
from shared.settings import ServiceSettings

log = logging.getLogger(__name__)


class ServiceRuntime:
    def __init__(self, settings: ServiceSettings, consumers: list[Consumer],
                 domain_reactions: DomainReactions | None = None) -> None:
        self.settings = settings
        self.consumers = consumers
        self.domain_reactions: DomainReactions = domain_reactions or {}
        self.names = Names(settings.messaging_namespace)
        self.engine = create_engine(settings.database_url, pool_size=settings.db_pool_size)
        self.session_factory = create_session_factory(self.engine)
        self.publisher = ConfirmingPublisher(
            settings.amqp_url, self.names, name=f"{settings.service_name}-publisher"
        )
        self.relay = OutboxRelay(
            self.session_factory,
            self.publisher,
            batch_size=settings.relay_batch_size,
            poll_seconds=settings.relay_poll_seconds,
            listen_dsn=asyncpg_dsn(settings.database_url),
        )
        self.broker: RabbitBroker | None = None
        self.consumer_runtime: ConsumerRuntime | None = None
        self._relay_task: asyncio.Task[None] | None = None

    def unit_of_work(self) -> UnitOfWork:
        """A unit of work wired as this service's are: its reactions, and the relay woken on commit."""
        return UnitOfWork(self.session_factory, on_commit=self.relay.notify, reactions=self.domain_reactions)

    async def start(self) -> None:
        await self.publisher.connect()
        if self.settings.consumers_enabled and self.consumers:
            for consumer in self.consumers:
                await declare_consumer(
                    self.publisher.channel,
                    self.names,
                    consumer.name,
                    consumer.binding_keys,
                    self.settings.retry_delays_ms,
                    self.settings.delivery_limit,
                )
            self.consumer_runtime = ConsumerRuntime(
                self.session_factory,
                self.publisher,
                self.names,
                self.settings.retry_delays_ms,
                on_commit=self.relay.notify,
                reactions=self.domain_reactions,
                max_in_flight=self.settings.consumer_concurrency or self.settings.db_pool_size,
            )
            self.broker = build_broker(
                self.settings.amqp_url,
                self.names,
                self.consumers,
                self.consumer_runtime,
                prefetch=self.settings.prefetch,
                graceful_timeout=self.settings.graceful_timeout_seconds,
            )
            await self.broker.start()
        if self.settings.relay_enabled:
            self._relay_task = asyncio.create_task(self.relay.run(), name="outbox-relay")

    async def stop(self) -> None:
        # Consumers first (in-flight handlers finish), then the relay drains its pass.
        if self.broker is not None:
            await self.broker.stop()
            self.broker = None
        if self._relay_task is not None:
            self.relay.stop()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._relay_task, timeout=10)
            self._relay_task = None
        await self.publisher.close()
        await self.engine.dispose()

    async def readiness(self) -> dict[str, Any]:
        checks: dict[str, Any] = {}
        try:
            async with self.engine.connect() as conn:
                await asyncio.wait_for(conn.execute(text("SELECT 1")), timeout=2)
            checks["database"] = "ok"
        except Exception as exc:
            checks["database"] = f"unreachable: {type(exc).__name__}"
        checks["broker"] = "ok" if self.publisher.connected else "disconnected"
        if self.settings.consumers_enabled and self.consumers:
            # A subscriber can silently lose its consumer after a broker node loss.
            attached = self.broker is not None and all(
                getattr(sub, "running", False) and getattr(sub, "_consumer_tag", None)
                for sub in self.broker.subscribers
            )
            checks["consumers"] = "ok" if attached else "not attached"
        if self.settings.relay_enabled:
            alive = self._relay_task is not None and not self._relay_task.done()
            checks["outbox_relay"] = "ok" if alive and self.relay.healthy else "failing"
        return checks
