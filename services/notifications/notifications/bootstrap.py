"""Wires notifications once: settings → runtime (db, broker, consumers, relay) → app."""

from __future__ import annotations

from fastapi import FastAPI

from notifications.config import NotificationsSettings
from notifications.entrypoints.consumers import consumers
from notifications.entrypoints.routes import log
from shared.auth.tokens import TokenVerifier
from shared.runtime import ServiceRuntime
from shared.web.app import create_service_app


def build_runtime(settings: NotificationsSettings) -> ServiceRuntime:
    return ServiceRuntime(settings, consumers())


def create_app(settings: NotificationsSettings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    settings = settings or NotificationsSettings()
    return create_service_app(
        title="Notifications",
        description="Income in: upstream notifications, files, matching, suspense and Direct Debits.",
        settings=settings,
        runtime_factory=lambda: build_runtime(settings),
        routers=[log.router],
        verifier=verifier,
    )
