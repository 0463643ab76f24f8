"""Wires payments once: settings → runtime (db, broker, consumers, relay, drop folder) → app."""

from __future__ import annotations

from fastapi import FastAPI

from payments.config import PaymentsSettings
from payments.domain.exceptions import Conflict, NotFound, PaymentsError
from payments.entrypoints.consumers import consumers
from payments.entrypoints.routes import (
    direct_debits,
    income_files,
    payment_settings,
    payments,
    reconciliation,
    suspense,
)
from payments.runtime import PaymentsRuntime
from shared.auth.tokens import TokenVerifier
from shared.web.app import create_service_app


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
