"""Wires recovery once: settings → runtime (db, broker, consumers, relay) → app, and the
reactions map: which handlers react to which event, on which queue."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from recovery.arrangements import routes as arrangements
from recovery.audit_trail import routes as audit_trail
from recovery.breathing_space import routes as breathing_space
from recovery.caseloads import routes as caseloads
from recovery.cases import routes as cases
from recovery.cases.service import close_on_tenancy_end
from recovery.config import RecoverySettings
from recovery.configuration import routes as configuration
from recovery.errors import Blocked, Conflict, Forbidden, Invalid, NotFound, RecoveryError
from recovery.former_tenants import agency_routes
from recovery.former_tenants import routes as former_tenants
from recovery.former_tenants.service import open_on_termination
from recovery.kpis import routes as kpis
from recovery.policy import routes as policy
from recovery.positions import projection
from recovery.positions import routes as positions
from recovery.write_offs import routes as write_offs
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
from shared.messaging.consumer import Consumer, data_only, dated
from shared.messaging.reactions import Queue, Reactions, consumers_from
from shared.runtime import ServiceRuntime
from shared.web.app import create_service_app
from shared.web.problems import problem_response

LEDGER = Queue(
    "recovery.ledger",
    "Projects each account's balance, weekly charge (with its changes), tenants, benefit and "
    "payments (HB/UC credits with their periods, less reversals); opens FTA cases.",
)

EVENT_HANDLERS: Reactions = {
    AccountOpenedV1: [(LEDGER, data_only(projection.account_opened))],
    TenancyStartedV1: [(LEDGER, dated(projection.tenancy_started))],
    RentVariedV1: [(LEDGER, dated(projection.rent_varied))],
    # In this order: the position is closed first, then its open case, then a debt becomes an FTA case.
    TenancyTerminatedV1: [(LEDGER, data_only(projection.tenancy_terminated)),
                          (LEDGER, data_only(close_on_tenancy_end)),
                          (LEDGER, data_only(open_on_termination))],
    AccountPostedV1: [(LEDGER, data_only(projection.account_posted))],
    AccountsPostedV1: [(LEDGER, data_only(projection.accounts_posted))],
    ChargesDebitedV1: [(LEDGER, data_only(projection.charges_debited))],
    PaymentReceivedV1: [(LEDGER, data_only(projection.payment_received))],
    PaymentBatchReceivedV1: [(LEDGER, data_only(projection.payment_batch_received))],
    PaymentReversedV1: [(LEDGER, data_only(projection.payment_reversed))],
}


def consumers() -> list[Consumer]:
    return consumers_from(EVENT_HANDLERS)


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
        routers=[agency_routes.router, positions.router, policy.router, configuration.router, caseloads.router,
                 cases.router, caseloads.cases_router, arrangements.router, breathing_space.router,
                 former_tenants.router, write_offs.router, kpis.router, positions.balances_router,
                 write_offs.write_off_totals_router, audit_trail.router],
        verifier=verifier,
        error_statuses={NotFound: 404, Conflict: 409, Forbidden: 403, Blocked: 422, RecoveryError: 422},
    )
    app.add_exception_handler(Invalid, _invalid)
    return app


async def _invalid(_: Request, exc: Exception) -> JSONResponse:
    """A refused value, named as request validation names one (`errors[].loc`), so a form shows
    the problem on its field."""
    field = getattr(exc, "field", None)
    return problem_response(422, "Request refused", str(exc), "urn:rent:problem:validation",
                            errors=[{"loc": ["body", field], "msg": str(exc), "type": "value_error"}])
