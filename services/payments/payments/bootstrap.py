"""Wires payments once: settings → runtime (db, broker, consumers, relay, drop folder) → app.
The reactions map says which handler reacts to which event, and on which queue."""

from __future__ import annotations

from fastapi import FastAPI

from payments.config import PaymentsSettings
from payments.direct_debits import routes as direct_debits
from payments.domain.exceptions import Conflict, NotFound, PaymentsError
from payments.entrypoints.routes import (
    income_files,
    payment_settings,
    payments,
    reconciliation,
    suspense,
)
from payments.runtime import PaymentsRuntime
from payments.service_layer import handlers
from shared.auth.tokens import TokenVerifier
from shared.contracts.billing import AccountOpenedV1, RentVariedV1, TenancyStartedV1, TenancyTerminatedV1
from shared.contracts.inbound import InboundPaymentV1
from shared.messaging.consumer import Consumer, data_only, dated, with_source
from shared.messaging.reactions import Queue, Reactions, consumers_from
from shared.web.app import create_service_app

ACCOUNTS = Queue(
    "payments.accounts",
    "Keeps the accounts payments can match against, their weekly charges and the rent year's "
    "rent-free weeks (Direct Debit instalments follow rent changes) and cancels mandates when a "
    "tenancy ends.",
)
INBOUND = Queue(
    "payments.inbound",
    "Real-time payments from upstream systems (cash receipting, card, bank, HB, UC). "
    "Publish InboundPaymentV1 as JSON to the events exchange with routing key "
    "'upstream.payment.v1', persistent, with a stable message_id per payment.",
    upstream=True,
)

EVENT_HANDLERS: Reactions = {
    AccountOpenedV1: [(ACCOUNTS, data_only(handlers.note_account_opened))],
    TenancyStartedV1: [(ACCOUNTS, data_only(handlers.note_tenancy_started))],
    TenancyTerminatedV1: [(ACCOUNTS, data_only(handlers.note_tenancy_terminated))],
    RentVariedV1: [(ACCOUNTS, dated(handlers.note_rent_varied))],
    InboundPaymentV1: [(INBOUND, with_source(handlers.receive_payment))],
}


def consumers() -> list[Consumer]:
    """Payments' consumers, one per queue of the map (the rent_platform.consumers entry point)."""
    return consumers_from(EVENT_HANDLERS)


def build_runtime(settings: PaymentsSettings) -> PaymentsRuntime:
    return PaymentsRuntime(settings, consumers())


def create_app(settings: PaymentsSettings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    config = settings or PaymentsSettings()
    return create_service_app(
        title="Payments",
        description="Income in: upstream payments, files, matching, suspense and Direct Debits.",
        settings=config,
        runtime_factory=lambda: build_runtime(config),
        routers=[payments.router, income_files.router, suspense.router, direct_debits.router, payment_settings.router,
                 reconciliation.router],
        verifier=verifier,
        error_statuses={NotFound: 404, Conflict: 409, PaymentsError: 422},
    )
