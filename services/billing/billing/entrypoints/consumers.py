"""Billing's consumers and the events each handles (the one place they are registered)."""

from billing.service_layer import external_postings, handlers
from shared.contracts.payments import PaymentBatchReceivedV1, PaymentReceivedV1, PaymentReversedV1
from shared.contracts.recovery import WriteOffApprovedV1
from shared.contracts.refunds import CreditTransferRequestedV1, RefundIssuedV1
from shared.messaging.consumer import Consumer, data_only


def consumers() -> list[Consumer]:
    return [
        Consumer.for_events(
            "billing.postings",
            {
                PaymentReceivedV1: data_only(handlers.record_payment),
                PaymentReversedV1: data_only(handlers.record_payment_reversal),
                PaymentBatchReceivedV1: external_postings.record_payment_batch,
                RefundIssuedV1: external_postings.record_refund,
                WriteOffApprovedV1: external_postings.record_write_off,
                CreditTransferRequestedV1: external_postings.record_credit_transfer,
            },
            description="Posts money other services report onto the ledger.",
        )
    ]
