"""Refunds' consumers and the events each handles."""

from refunds.service_layer import projection
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


def consumers() -> list[Consumer]:
    return [
        Consumer.for_events(
            "refunds.ledger",
            {
                AccountPostedV1: data_only(projection.account_posted),
                ChargesDebitedV1: data_only(projection.charges_debited),
                AccountsPostedV1: data_only(projection.accounts_posted),
                TenancyTerminatedV1: data_only(projection.tenancy_terminated),
            },
            description="Projects account balances to find credit balances, and sees refunds and transfers posted.",
        ),
        Consumer.for_events(
            "refunds.accounts",
            {
                AccountOpenedV1: data_only(projection.account_opened),
                TenancyStartedV1: data_only(projection.tenancy_started),
                RentVariedV1: data_only(projection.rent_varied),
            },
            description="Who is liable on which account (to find a person's other debts) and weekly charges.",
        ),
        Consumer.for_events(
            "refunds.payments",
            {
                PaymentReceivedV1: data_only(projection.payment_received),
                PaymentBatchReceivedV1: data_only(projection.payment_batch_received),
                PaymentReversedV1: data_only(projection.payment_reversed),
            },
            description="Payments by method and date (and their reversals): clearing windows and credit paid by HB/UC.",
        ),
    ]
