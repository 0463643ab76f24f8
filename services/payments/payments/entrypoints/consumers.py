"""Payments' consumers and the messages each handles."""

from payments.service_layer import handlers
from shared.contracts.billing import AccountOpenedV1, RentVariedV1, TenancyStartedV1, TenancyTerminatedV1
from shared.contracts.inbound import InboundPaymentV1
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import Consumer, Incoming, data_only


async def on_inbound_payment(msg: Incoming, uow: UnitOfWork) -> None:
    await handlers.receive_payment(msg.data, msg.source, uow)


async def on_rent_varied(msg: Incoming, uow: UnitOfWork) -> None:
    await handlers.note_rent_varied(msg.data, uow, msg.envelope.occurred_at if msg.envelope else None)


def consumers() -> list[Consumer]:
    return [
        Consumer.for_events(
            "payments.accounts",
            {
                AccountOpenedV1: data_only(handlers.note_account_opened),
                TenancyStartedV1: data_only(handlers.note_tenancy_started),
                TenancyTerminatedV1: data_only(handlers.note_tenancy_terminated),
                RentVariedV1: on_rent_varied,
            },
            description="Keeps the accounts payments can match against, their weekly charges and the rent year's "
            "rent-free weeks (Direct Debit instalments follow rent changes) and cancels mandates when a "
            "tenancy ends.",
        ),
        Consumer.for_models(
            "payments.inbound",
            {InboundPaymentV1: on_inbound_payment},
            description=(
                "Real-time payments from upstream systems (cash receipting, card, bank, HB, UC). "
                "Publish InboundPaymentV1 as JSON to the events exchange with routing key "
                "'upstream.payment.v1', persistent, with a stable message_id per payment."
            ),
        ),
    ]
