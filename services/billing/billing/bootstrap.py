"""Wires billing once: settings → runtime (db, broker, consumers, relay) → app, and its two
reactions maps: which integration events billing reacts to, on which queue (EVENT_HANDLERS),
and which of its capabilities react to another's domain events in the same transaction
(DOMAIN_HANDLERS)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from billing.access import audit_scope
from billing.account_page import routes as account_page_routes
from billing.adjustments import routes as adjustments_routes
from billing.charges import service as charge_changes
from billing.config import BillingSettings
from billing.configuration import routes as configuration_routes
from billing.configuration.events import RentFreeWeeksChanging
from billing.debit import routes as debit_routes
from billing.debit import service as debit_run
from billing.debit.jobs import DebitJobs
from billing.errors import BillingError, Conflict, NotFound
from billing.gl import routes as gl_routes
from billing.gl.daily_export import GlDailyExport
from billing.insurance import routes as insurance_routes
from billing.insurance import service as insurance
from billing.leasehold import routes as leasehold_routes
from billing.leasehold.events import LeaseStarting
from billing.ledger import external_postings, reconciliation_routes, year_end_routes
from billing.ledger import routes as ledger_routes
from billing.lettings import account_routes
from billing.lettings import routes as tenancies_routes
from billing.migration import routes as migration_routes
from billing.rent_review import routes as rent_review_routes
from billing.reports import routes as reports_routes
from billing.right_to_buy import routes as right_to_buy_routes
from billing.search import routes as search_routes
from billing.search.vocabulary import SearchVocabulary
from billing.sundry import routes as sundry_routes
from billing.tenancies import property_routes
from billing.tenancies.events import TenancyEnded, TenancyLet
from billing.voids import routes as voids_routes
from billing.voids import service as voids
from billing.water import routes as water_routes
from shared.auth.tokens import TokenVerifier
from shared.contracts.payments import PaymentBatchReceivedV1, PaymentReceivedV1, PaymentReversedV1
from shared.contracts.recovery import WriteOffApprovedV1
from shared.contracts.refunds import CreditTransferRequestedV1, RefundIssuedV1
from shared.db.unit_of_work import DomainReactions
from shared.messaging.consumer import Consumer, data_only, with_source
from shared.messaging.reactions import Queue, Reactions, consumers_from
from shared.runtime import ServiceRuntime
from shared.web.app import create_service_app
from shared.web.audit_routes import account_audit_router

POSTINGS = Queue("billing.postings", "Posts money other services report onto the ledger.")

EVENT_HANDLERS: Reactions = {
    PaymentReceivedV1: [(POSTINGS, data_only(external_postings.record_payment))],
    PaymentReversedV1: [(POSTINGS, data_only(external_postings.record_payment_reversal))],
    PaymentBatchReceivedV1: [(POSTINGS, external_postings.record_payment_batch)],
    RefundIssuedV1: [(POSTINGS, with_source(external_postings.record_refund))],
    WriteOffApprovedV1: [(POSTINGS, with_source(external_postings.record_write_off))],
    CreditTransferRequestedV1: [(POSTINGS, external_postings.record_credit_transfer)],
}

# Within billing, in the announcing unit of work, in this order: a capability announces
# what it did and does not import those that react.
DOMAIN_HANDLERS: DomainReactions = {
    TenancyLet: [voids.tenancy_let],
    TenancyEnded: [voids.tenancy_ended, insurance.tenancy_ended],
    LeaseStarting: [charge_changes.refuse_lease_over_weekly_charges],
    RentFreeWeeksChanging: [debit_run.refuse_debited_weeks],
}


def consumers() -> list[Consumer]:
    return consumers_from(EVENT_HANDLERS)


def build_runtime(settings: BillingSettings) -> ServiceRuntime:
    return ServiceRuntime(settings, consumers(), DOMAIN_HANDLERS)


def create_app(settings: BillingSettings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    settings = settings or BillingSettings()
    app = create_service_app(
        title="Billing",
        description="Rents, charges and the account ledger — the book of record.",
        settings=settings,
        runtime_factory=lambda: build_runtime(settings),
        routers=[property_routes.router, tenancies_routes.router, tenancies_routes.exchange_router,
                 account_routes.router, adjustments_routes.router, debit_routes.router, configuration_routes.router,
                 ledger_routes.router, year_end_routes.router, reconciliation_routes.router,
                 right_to_buy_routes.router, voids_routes.router, insurance_routes.router,
                 rent_review_routes.router, leasehold_routes.router, sundry_routes.router, water_routes.router,
                 reports_routes.router, migration_routes.router, gl_routes.router, search_routes.router,
                 account_page_routes.router, account_audit_router(audit_scope)],
        verifier=verifier,
        error_statuses={NotFound: 404, Conflict: 409, BillingError: 422},
    )
    app.state.debit_jobs = DebitJobs()
    app.state.gl_daily = GlDailyExport()
    app.state.search_vocabulary = SearchVocabulary(settings.search_vocabulary_seconds)
    service_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with service_lifespan(app):
            await app.state.debit_jobs.resume_interrupted(app.state.runtime)
            app.state.gl_daily.start(app.state.runtime)
            app.state.search_vocabulary.start(app.state.runtime)
            try:
                yield
            finally:
                await app.state.search_vocabulary.stop()
                await app.state.gl_daily.stop()
                await app.state.debit_jobs.stop()

    app.router.lifespan_context = lifespan
    return app
