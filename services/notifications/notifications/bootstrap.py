"""Wires notifications once: settings → gateway and runtime (db, broker, consumers,
relay, delivery worker) → app."""

from __future__ import annotations

from fastapi import FastAPI

from notifications.adapters.gateways import DeliveryGateway
from notifications.adapters.local_sink import LocalSink
from notifications.adapters.notify import NotifyGateway
from notifications.config import NotificationsSettings
from notifications.domain.exceptions import NotFound, NotificationsError
from notifications.entrypoints.consumers import consumers
from notifications.entrypoints.routes import batches, callbacks, configuration, contacts, log, templates
from notifications.runtime import NotificationsRuntime
from shared.auth.tokens import TokenVerifier
from shared.web.app import create_service_app


def build_gateway(settings: NotificationsSettings) -> DeliveryGateway:
    if settings.delivery_gateway == "notify":
        if settings.notify_api_key is None:
            raise ValueError("NOTIFICATIONS_NOTIFY_API_KEY is required when NOTIFICATIONS_DELIVERY_GATEWAY=notify")
        return NotifyGateway.from_key(settings.notify_api_key.get_secret_value(), settings.notify_base_url,
                                      settings.notify_timeout_seconds)
    return LocalSink(settings.local_sink_dir)


def build_runtime(settings: NotificationsSettings, gateway: DeliveryGateway | None = None) -> NotificationsRuntime:
    return NotificationsRuntime(settings, consumers(), gateway or build_gateway(settings))


def create_app(
    settings: NotificationsSettings | None = None,
    verifier: TokenVerifier | None = None,
    gateway: DeliveryGateway | None = None,
) -> FastAPI:
    settings = settings or NotificationsSettings()
    app = create_service_app(
        title="Notifications",
        description="Letters, emails and texts: templates, PDF rendering, mail-merge batches, delivery "
                    "through GOV.UK Notify, contact preferences and the delivery log.",
        settings=settings,
        runtime_factory=lambda: build_runtime(settings, gateway),
        routers=[log.router, contacts.router, configuration.router, templates.router, batches.router,
                 callbacks.router],
        verifier=verifier,
        error_statuses={NotFound: 404, NotificationsError: 422},
    )
    app.state.settings = settings
    return app
