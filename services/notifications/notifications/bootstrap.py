"""Wires notifications once: settings → gateway and runtime (db, broker, consumers,
relay, delivery worker) → app."""

from __future__ import annotations

from fastapi import FastAPI

from notifications.adapters.gateways import DeliveryGateway
from notifications.adapters.local_sink import LocalSink
from notifications.adapters.notify import NotifyGateway
from notifications.config import NotificationsSettings
from notifications.domain.exceptions import NotFound, NotificationsError
from notifications.entrypoints.routes import batches, callbacks, configuration, contacts, log, templates
from notifications.runtime import NotificationsRuntime
from notifications.service_layer import handlers
from shared.auth.tokens import TokenVerifier
from shared.contracts.billing import (
    AccountOpenedV1,
    RentVariedV1,
    ServiceChargeInvoicedV1,
    TenancyStartedV1,
    TenancyTerminatedV1,
)
from shared.contracts.payments import DirectDebitNoticeDueV1, MandateCancelledV1, PaymentReversedV1
from shared.contracts.recovery import ArrangementBreachedV1, ArrangementCreatedV1, LetterRequestedV1
from shared.contracts.refunds import RefundIssuedV1
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import Consumer, Incoming, data_only
from shared.messaging.reactions import Queue, Reactions, consumers_from
from shared.web.app import create_service_app

REQUESTS = Queue(
    "notifications.requests",
    "Records one notification per event and letter type for every event that asks for "
    "communication; a LetterRequested with an unknown letter type or data its template "
    "cannot be filled from is dead-lettered with the reason.",
)
CONTACTS = Queue("notifications.contacts",
                 "Keeps each account's patch and its tenants' names, addresses, email and mobile numbers.")


async def request_notification(msg: Incoming, uow: UnitOfWork) -> None:
    # The whole envelope: which letter follows from the event's type and version.
    assert msg.envelope is not None
    await handlers.request_notification(msg.envelope, uow)


# Who reacts to which event, on which queue: the one place notifications' consumers are declared.
EVENT_HANDLERS: Reactions = {
    LetterRequestedV1: [(REQUESTS, request_notification)],
    RentVariedV1: [(REQUESTS, request_notification)],
    ServiceChargeInvoicedV1: [(REQUESTS, request_notification)],
    DirectDebitNoticeDueV1: [(REQUESTS, request_notification)],
    ArrangementCreatedV1: [(REQUESTS, request_notification)],
    ArrangementBreachedV1: [(REQUESTS, request_notification)],
    RefundIssuedV1: [(REQUESTS, request_notification)],
    PaymentReversedV1: [(REQUESTS, request_notification)],
    MandateCancelledV1: [(REQUESTS, request_notification)],
    AccountOpenedV1: [(CONTACTS, data_only(handlers.account_opened))],
    TenancyStartedV1: [(CONTACTS, data_only(handlers.tenancy_started))],
    TenancyTerminatedV1: [(CONTACTS, data_only(handlers.tenancy_terminated))],
}


def consumers() -> list[Consumer]:
    return consumers_from(EVENT_HANDLERS)


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
