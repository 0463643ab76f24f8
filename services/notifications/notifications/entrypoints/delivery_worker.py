"""The background loop that renders and sends due notifications."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from notifications.service_layer.delivery import Deliverer

log = logging.getLogger(__name__)


class DeliveryWorker:
    def __init__(self, deliverer: Deliverer, *, poll_seconds: float, batch_size: int) -> None:
        self.deliverer = deliverer
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self.healthy = True
        self._stopping = asyncio.Event()

    async def run(self) -> None:
        while not self._stopping.is_set():
            try:
                busy = await self.deliverer.run_once(self.batch_size)
                self.healthy = True
            except Exception:
                log.exception("delivery pass failed")
                self.healthy, busy = False, 0
            if busy < self.batch_size:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), timeout=self.poll_seconds)

    def stop(self) -> None:
        self._stopping.set()
