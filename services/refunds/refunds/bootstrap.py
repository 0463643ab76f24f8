"""Wires refunds once: settings → runtime (db, broker, consumers, relay) → app."""

from __future__ import annotations

from fastapi import FastAPI

from refunds.config import RefundsSettings
from refunds.entrypoints.consumers import consumers
from refunds.entrypoints.routes import credits
from shared.auth.tokens import TokenVerifier
from shared.runtime import ServiceRuntime
from shared.web.app import create_service_app


def build_runtime(settings: RefundsSettings) -> ServiceRuntime:
    return ServiceRuntime(settings, consumers())


def create_app(settings: RefundsSettings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    settings = settings or RefundsSettings()
    return create_service_app(
        title="Refunds",
        description="Income in: upstream refunds, files, matching, suspense and Direct Debits.",
        settings=settings,
        runtime_factory=lambda: build_runtime(settings),
        routers=[credits.router],
        verifier=verifier,
    )
