"""Wires billing once: settings → runtime (db, broker, consumers, relay) → app."""

from __future__ import annotations

from fastapi import FastAPI

from billing.config import BillingSettings
from billing.domain.exceptions import BillingError, Conflict, NotFound
from billing.entrypoints.consumers import consumers
from billing.entrypoints.routes import accounts, properties, tenancies
from shared.auth.tokens import TokenVerifier
from shared.runtime import ServiceRuntime
from shared.web.app import create_service_app


def build_runtime(settings: BillingSettings) -> ServiceRuntime:
    return ServiceRuntime(settings, consumers())


def create_app(settings: BillingSettings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    settings = settings or BillingSettings()
    return create_service_app(
        title="Billing",
        description="Rents, charges and the account ledger — the book of record.",
        settings=settings,
        runtime_factory=lambda: build_runtime(settings),
        routers=[properties.router, tenancies.router, accounts.router],
        verifier=verifier,
        error_statuses={NotFound: 404, Conflict: 409, BillingError: 422},
    )
