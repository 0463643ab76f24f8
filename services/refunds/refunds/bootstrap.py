"""Wires refunds once: settings → runtime (db, broker, consumers, relay, monthly review) → app."""

from __future__ import annotations

import asyncio
import contextlib

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
from shared.web.app import create_service_app


class RefundsRuntime(ServiceRuntime):
    """The shared runtime plus the monthly credit review loop."""

    def __init__(self, settings: RefundsSettings) -> None:
        super().__init__(settings, consumers())
        self.monthly_review = MonthlyReview(self.session_factory, settings.review_poll_seconds)
        self._review_enabled = settings.review_scheduler_enabled
        self._review_task: asyncio.Task[None] | None = None

    async def start(self) -> None:
        await super().start()
        if self._review_enabled:
            self._review_task = asyncio.create_task(self.monthly_review.run(), name="monthly-credit-review")

    async def stop(self) -> None:
        if self._review_task is not None:
            self.monthly_review.stop()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.wait_for(self._review_task, timeout=10)
            self._review_task = None
        await super().stop()


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
