"""Notifications' runtime: the platform's (database, broker, consumers, relay) plus the
delivery worker that renders and sends notifications."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any

from notifications.adapters.gateways import DeliveryGateway
from notifications.config import NotificationsSettings
from notifications.entrypoints.delivery_worker import DeliveryWorker
from notifications.service_layer.delivery import Deliverer
from shared.messaging.consumer import Consumer
from shared.runtime import ServiceRuntime


class NotificationsRuntime(ServiceRuntime):
    def __init__(self, settings: NotificationsSettings, consumers: list[Consumer], gateway: DeliveryGateway) -> None:
        super().__init__(settings, consumers)
        self.gateway = gateway
        # A send holds its row for longer than the gateway may take to answer.
        lease = timedelta(seconds=max(60.0, settings.notify_timeout_seconds * 3))
        self.deliverer = Deliverer(self.session_factory, gateway, send_lease=lease)
        self.worker = DeliveryWorker(self.deliverer, poll_seconds=settings.delivery_poll_seconds,
                                     batch_size=settings.delivery_batch_size)
        self._worker_task: asyncio.Task[None] | None = None
        self._delivery_enabled = settings.delivery_enabled

    async def start(self) -> None:
        await super().start()
        if self._delivery_enabled:
            self._worker_task = asyncio.create_task(self.worker.run(), name="delivery-worker")

    async def stop(self) -> None:
        if self._worker_task is not None:
            self.worker.stop()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._worker_task, timeout=30)
            self._worker_task = None
        await super().stop()

    async def readiness(self) -> dict[str, Any]:
        checks = await super().readiness()
        if self._delivery_enabled:
            alive = self._worker_task is not None and not self._worker_task.done()
            checks["delivery_worker"] = "ok" if alive and self.worker.healthy else "failing"
        return checks
