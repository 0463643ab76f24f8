"""Wires refunds once: settings → runtime (db, broker, consumers, relay, monthly review) → app."""

from __future__ import annotations

from fastapi import FastAPI

from refunds.config import RefundsSettings
from refunds.domain.exceptions import ApprovalRefused, InvalidState, NotFound, RefundsError
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
from refunds.service_layer import projection
from shared.auth.tokens import TokenVerifier
from shared.contracts.billing import (
    AccountOpenedV1,
    AccountPostedV1,
    AccountsPostedV1,
    ChargesDebitedV1,
    RentVariedV1,
    TenancyStartedV1,
    TenancyTerminatedV1,
)
from shared.contracts.payments import PaymentBatchReceivedV1, PaymentReceivedV1, PaymentReversedV1
from shared.messaging.consumer import Consumer, data_only
from shared.messaging.reactions import Queue, Reactions, consumers_from
from shared.runtime import ServiceRuntime
from shared.runtime_loops import LoopingRuntime
from shared.web.app import create_service_app

LEDGER = Queue("refunds.ledger",
               "Projects account balances to find credit balances, and sees refunds and transfers posted.")
ACCOUNTS = Queue("refunds.accounts",
                 "Who is liable on which account (to find a person's other debts) and weekly charges.")
PAYMENTS = Queue("refunds.payments",
                 "Payments by method and date (and their reversals): clearing windows and credit paid by HB/UC.")

# Who reacts to which event, on which queue: the one place refunds' consumers are declared.
EVENT_HANDLERS: Reactions = {
    AccountPostedV1: [(LEDGER, data_only(projection.account_posted))],
    ChargesDebitedV1: [(LEDGER, data_only(projection.charges_debited))],
    AccountsPostedV1: [(LEDGER, data_only(projection.accounts_posted))],
    TenancyTerminatedV1: [(LEDGER, data_only(projection.tenancy_terminated))],
    AccountOpenedV1: [(ACCOUNTS, data_only(projection.account_opened))],
    TenancyStartedV1: [(ACCOUNTS, data_only(projection.tenancy_started))],
    RentVariedV1: [(ACCOUNTS, data_only(projection.rent_varied))],
    PaymentReceivedV1: [(PAYMENTS, data_only(projection.payment_received))],
    PaymentBatchReceivedV1: [(PAYMENTS, data_only(projection.payment_batch_received))],
    PaymentReversedV1: [(PAYMENTS, data_only(projection.payment_reversed))],
}


def consumers() -> list[Consumer]:
    return consumers_from(EVENT_HANDLERS)


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
