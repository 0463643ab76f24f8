"""Refunds' consumers and the events each handles."""

from refunds.service_layer import handlers
from shared.contracts.billing import AccountPostedV1, ChargesDebitedV1, TenancyTerminatedV1
from shared.messaging.consumer import Consumer, data_only


def consumers() -> list[Consumer]:
    return [
        Consumer.for_events(
            "refunds.ledger",
            {
                AccountPostedV1: data_only(handlers.account_posted),
                ChargesDebitedV1: data_only(handlers.charges_debited),
                TenancyTerminatedV1: data_only(handlers.tenancy_terminated),
            },
            description="Projects account balances to find credit balances.",
        )
    ]
