"""Wires recovery once: settings → runtime (db, broker, consumers, relay) → app."""

from __future__ import annotations

from fastapi import FastAPI

from recovery.config import RecoverySettings
from recovery.domain.exceptions import Blocked, Conflict, Forbidden, NotFound, RecoveryError
from recovery.entrypoints.consumers import consumers
from recovery.entrypoints.routes import (
    agencies,
    arrangements,
    breathing_space,
    caseloads,
    cases,
    former_tenants,
    kpis,
    policies,
    positions,
    reconciliation,
    write_offs,
)
from shared.auth.tokens import TokenVerifier
from shared.runtime import ServiceRuntime
from shared.web.app import create_service_app


def build_runtime(settings: RecoverySettings) -> ServiceRuntime:
    return ServiceRuntime(settings, consumers())


def create_app(settings: RecoverySettings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    settings = settings or RecoverySettings()
    app = create_service_app(
        title="Recovery",
        description="Current and former tenant arrears: policy, caseloads, arrangements, Breathing Space, "
                    "agencies and write-offs.",
        settings=settings,
        runtime_factory=lambda: build_runtime(settings),
        routers=[agencies.router, positions.router, policies.router, caseloads.router, cases.router,
                 arrangements.router, breathing_space.router, former_tenants.router, write_offs.router,
                 kpis.router, reconciliation.router],
        verifier=verifier,
        error_statuses={NotFound: 404, Conflict: 409, Forbidden: 403, Blocked: 422, RecoveryError: 422},
    )
    return app
