"""Wires payments once: settings → runtime (db, broker, consumers, relay) → app."""

from __future__ import annotations

from fastapi import FastAPI

from payments.config import PaymentsSettings
from payments.entrypoints.consumers import consumers
from payments.entrypoints.routes import payments
from shared.auth.tokens import TokenVerifier
from shared.runtime import ServiceRuntime
from shared.web.app import create_service_app


def build_runtime(settings: PaymentsSettings) -> ServiceRuntime:
    return ServiceRuntime(settings, consumers())


def create_app(settings: PaymentsSettings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    settings = settings or PaymentsSettings()
    return create_service_app(
        title="Payments",
        description="Income in: upstream payments, files, matching, suspense and Direct Debits.",
        settings=settings,
        runtime_factory=lambda: build_runtime(settings),
        routers=[payments.router],
        verifier=verifier,
    )
