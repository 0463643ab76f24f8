"""Billing's consumers and the events each handles (the one place they are registered)."""

from billing.service_layer import handlers
from shared.contracts.payments import PaymentReceivedV1, PaymentReversedV1
from shared.messaging.consumer import Consumer, data_only


def consumers() -> list[Consumer]:
    return [
        Consumer.for_events(
            "billing.postings",
            {
                PaymentReceivedV1: data_only(handlers.record_payment),
                PaymentReversedV1: data_only(handlers.record_payment_reversal),
            },
            description="Posts money other services report onto the ledger.",
        )
    ]
