"""Notifications' consumers: every event that asks for communication, and the
tenancies that say who and where the tenants are."""

from notifications.service_layer import handlers
from shared.contracts.billing import (
    AccountOpenedV1,
    RentVariedV1,
    ServiceChargeInvoicedV1,
    TenancyStartedV1,
    TenancyTerminatedV1,
)
from shared.contracts.payments import DirectDebitNoticeDueV1, MandateCancelledV1, PaymentReversedV1
from shared.contracts.recovery import ArrangementBreachedV1, ArrangementCreatedV1, LetterRequestedV1
from shared.contracts.refunds import RefundIssuedV1
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import Consumer, Incoming, data_only

COMMUNICATING_EVENTS = (
    LetterRequestedV1,
    RentVariedV1,
    ServiceChargeInvoicedV1,
    DirectDebitNoticeDueV1,
    ArrangementCreatedV1,
    ArrangementBreachedV1,
    RefundIssuedV1,
    PaymentReversedV1,
    MandateCancelledV1,
)


async def on_communicating_event(msg: Incoming, uow: UnitOfWork) -> None:
    assert msg.envelope is not None
    await handlers.request_notification(msg.envelope, uow)


def consumers() -> list[Consumer]:
    return [
        Consumer.for_events(
            "notifications.requests",
            {event: on_communicating_event for event in COMMUNICATING_EVENTS},
            description=(
                "Records one notification per event and letter type for every event that asks for "
                "communication; a LetterRequested with an unknown letter type or data its template "
                "cannot be filled from is dead-lettered with the reason."
            ),
        ),
        Consumer.for_events(
            "notifications.contacts",
            {
                AccountOpenedV1: data_only(handlers.account_opened),
                TenancyStartedV1: data_only(handlers.tenancy_started),
                TenancyTerminatedV1: data_only(handlers.tenancy_terminated),
            },
            description="Keeps each account's patch and its tenants' names, addresses, email and mobile numbers.",
        ),
    ]
