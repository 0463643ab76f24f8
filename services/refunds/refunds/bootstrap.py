"""Wires refunds once: settings → runtime (db, broker, consumers, relay, monthly review) → app."""

from __future__ import annotations

from fastapi import FastAPI

from refunds.config import RefundsSettings
from refunds.domain.exceptions import ApprovalRefused, InvalidState, NotFound, RefundsError
from refunds.entrypoints.consumers import consumers
from refunds.entrypoints.monthly_review import MonthlyReview
from refunds.entrypoints.routes import (
    configuration,
    credits,
    payment_batches,
    reconciliation,
    refunds,
    reviews,
    transfers,
)
from shared.auth.tokens import TokenVerifier
from shared.runtime import ServiceRuntime
from shared.runtime_loops import LoopingRuntime
from shared.web.app import create_service_app


class RefundsRuntime(LoopingRuntime):
    """The shared runtime plus the monthly credit review loop (where it is enabled)."""

    def __init__(self, settings: RefundsSettings) -> None:
        super().__init__(settings, consumers(), {}, stop_timeout=10)
        self.monthly_review = MonthlyReview(self.session_factory, settings.review_poll_seconds)
        if settings.review_scheduler_enabled:
            self.loops["monthly_credit_review"] = self.monthly_review


def build_runtime(settings: RefundsSettings) -> ServiceRuntime:
    return RefundsRuntime(settings)


def create_app(settings: RefundsSettings | None = None, verifier: TokenVerifier | None = None) -> FastAPI:
    settings = settings or RefundsSettings()
    return create_service_app(
        title="Refunds",
        description="Credit balances: review, refund checks, maker-checker approval, payment and transfers.",
        settings=settings,
        runtime_factory=lambda: build_runtime(settings),
        routers=[credits.router, refunds.router, payment_batches.router, transfers.router, reviews.router,
                 configuration.router, reconciliation.router],
        verifier=verifier,
        error_statuses={NotFound: 404, InvalidState: 409, ApprovalRefused: 403, RefundsError: 422},
    )
