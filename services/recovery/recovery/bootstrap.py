"""Wires recovery once: settings → runtime (db, broker, consumers, relay) → app."""

from __future__ import annotations

from fastapi import FastAPI

from recovery.config import RecoverySettings
from recovery.entrypoints.consumers import consumers
from recovery.entrypoints.routes import positions
from shared.auth.tokens import TokenVerifier
from shared.runtime import ServiceRuntime
from shared.web.app import create_service_app


def build_runtime(settings: RecoverySettings) -> ServiceRuntime:
    return ServiceRuntime(settings, consumers())


def create_app(settings: RecoverySettings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    settings = settings or RecoverySettings()
    return create_service_app(
        title="Recovery",
        description="Income in: upstream recovery, files, matching, suspense and Direct Debits.",
        settings=settings,
        runtime_factory=lambda: build_runtime(settings),
        routers=[positions.router],
        verifier=verifier,
    )
