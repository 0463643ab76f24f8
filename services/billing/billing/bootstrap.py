"""Wires billing once: settings → runtime (db, broker, consumers, relay) → app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from billing.config import BillingSettings
from billing.domain.exceptions import BillingError, Conflict, NotFound
from billing.entrypoints.consumers import consumers
from billing.entrypoints.gl_daily import GlDailyExport
from billing.entrypoints.jobs import DebitJobs
from billing.entrypoints.routes import (
    accounts,
    adjustments,
    configuration,
    debit_runs,
    gl_journals,
    insurance,
    leasehold,
    migrations,
    properties,
    reconciliation,
    rent_review,
    reports,
    review_reports,
    right_to_buy,
    sundry_debts,
    tenancies,
    voids,
    water,
    year_end,
)
from shared.auth.tokens import TokenVerifier
from shared.runtime import ServiceRuntime
from shared.web.app import create_service_app


def build_runtime(settings: BillingSettings) -> ServiceRuntime:
    return ServiceRuntime(settings, consumers())


def create_app(settings: BillingSettings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    settings = settings or BillingSettings()
    app = create_service_app(
        title="Billing",
        description="Rents, charges and the account ledger — the book of record.",
        settings=settings,
        runtime_factory=lambda: build_runtime(settings),
        routers=[properties.router, tenancies.router, tenancies.exchange_router, accounts.router, adjustments.router,
                 debit_runs.router, configuration.router, reports.router, year_end.router, reconciliation.router,
                 right_to_buy.router, voids.router, insurance.router,
                 rent_review.router, leasehold.router, sundry_debts.router, water.router, review_reports.router,
                 migrations.router, gl_journals.router],
        verifier=verifier,
        error_statuses={NotFound: 404, Conflict: 409, BillingError: 422},
    )
    app.state.debit_jobs = DebitJobs()
    app.state.gl_daily = GlDailyExport()
    service_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_lifespan(app):
            await app.state.debit_jobs.resume_interrupted(app.state.runtime)
            app.state.gl_daily.start(app.state.runtime)
            try:
                yield
            finally:
                await app.state.gl_daily.stop()
                await app.state.debit_jobs.stop()

    app.router.lifespan_context = lifespan
    return app
