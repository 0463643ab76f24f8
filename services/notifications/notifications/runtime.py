"""Notifications' runtime: the platform's (database, broker, consumers, relay) plus the
delivery worker that renders and sends notifications."""

from __future__ import annotations

from datetime import timedelta

from notifications.adapters.gateways import DeliveryGateway
from notifications.config import NotificationsSettings
from notifications.entrypoints.delivery_worker import DeliveryWorker
from notifications.service_layer.delivery import Deliverer
from shared.messaging.consumer import Consumer
from shared.runtime_loops import LoopingRuntime


class NotificationsRuntime(LoopingRuntime):
    def __init__(self, settings: NotificationsSettings, consumers: list[Consumer], gateway: DeliveryGateway) -> None:
        super().__init__(settings, consumers, loops={})
        self.gateway = gateway
        # A send holds its row for longer than the gateway may take to answer.
        lease = timedelta(seconds=max(60.0, settings.notify_timeout_seconds * 3))
        self.deliverer = Deliverer(self.session_factory, gateway, send_lease=lease)
        self.worker = DeliveryWorker(self.deliverer, poll_seconds=settings.delivery_poll_seconds,
                                     batch_size=settings.delivery_batch_size)
        if settings.delivery_enabled:
            self.loops["delivery_worker"] = self.worker
