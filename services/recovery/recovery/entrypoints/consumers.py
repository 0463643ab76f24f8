"""Recovery's consumers and the events each handles."""

from recovery.service_layer import handlers
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
from shared.messaging.consumer import Consumer, Handler, Incoming
from shared.messaging.consumer import data_only as _data


def _dated(handler) -> Handler:
    """Pass the event's occurred_at too: of two charge changes for one date, the later wins."""

    async def handle(msg: Incoming, uow) -> None:
        await handler(msg.data, uow, msg.envelope.occurred_at if msg.envelope else None)

    handle.__name__ = handler.__name__
    return handle


def consumers() -> list[Consumer]:
    return [
        Consumer.for_events(
            "recovery.ledger",
            {
                AccountOpenedV1: _data(handlers.account_opened),
                TenancyStartedV1: _dated(handlers.tenancy_started),
                RentVariedV1: _dated(handlers.rent_varied),
                TenancyTerminatedV1: _data(handlers.tenancy_terminated),
                AccountPostedV1: _data(handlers.account_posted),
                AccountsPostedV1: _data(handlers.accounts_posted),
                ChargesDebitedV1: _data(handlers.charges_debited),
                PaymentReceivedV1: _data(handlers.payment_received),
                PaymentBatchReceivedV1: _data(handlers.payment_batch_received),
                PaymentReversedV1: _data(handlers.payment_reversed),
            },
            description="Projects each account's balance, weekly charge (with its changes), tenants, benefit and "
                        "payments (HB/UC credits with their periods, less reversals); opens FTA cases.",
        )
    ]
