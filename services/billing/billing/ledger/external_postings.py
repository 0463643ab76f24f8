"""Postings other services ask for through events. Each cause becomes its postings
exactly once: the consumer's inbox drops a redelivered message, and each posting's
source key (payment, refund, write-off or transfer id) drops the same cause arriving
by another message. Each posting is followed by AccountPosted (bulk: AccountsPosted)."""

from __future__ import annotations

import uuid
from datetime import date

from billing.ledger import accounts as ledger_accounts
from billing.ledger import source_keys
from billing.ledger import writer as ledger_writer
from billing.ledger.rules import NewPosting
from shared.contracts.billing import (
    AccountsPostedV1,
)
from shared.contracts.payments import PaymentBatchReceivedV1, PaymentReceivedV1, PaymentReversedV1, ReceivedPayment
from shared.contracts.recovery import WriteOffApprovedV1
from shared.contracts.refunds import CreditTransferRequestedV1, RefundIssuedV1
from shared.contracts.types import PaymentMethod, PostingType
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import Incoming, PermanentFailure
from shared.money import Money

PAYMENT_POSTING_TYPES = {
    PaymentMethod.HOUSING_BENEFIT: PostingType.HB_CREDIT,
    PaymentMethod.UNIVERSAL_CREDIT: PostingType.UC_CREDIT,
    PaymentMethod.DIRECT_DEBIT: PostingType.DD_COLLECTION,
}


async def post_lines(uow: UnitOfWork, lines: list[NewPosting]) -> None:
    try:
        postings = await ledger_writer.post_all(uow.session, lines)
    except ledger_writer.UnknownAccounts as exc:
        raise PermanentFailure(str(exc), reason="unknown_account") from None
    for posting in postings:
        uow.emit(posting.to_event(), sequence=posting.account_seq)


def _positive(amount: Money, what: str) -> Money:
    if amount <= 0:
        raise PermanentFailure(f"{what} amount must be positive, got {amount}", reason="invalid_amount")
    return amount


async def record_refund(refund: RefundIssuedV1, source: str, uow: UnitOfWork) -> None:
    await post_lines(uow, [NewPosting(
        account_ref=refund.account_ref, posting_type=PostingType.REFUND, amount=_positive(refund.amount, "refund"),
        effective_date=refund.paid_on, source_key=source_keys.refund(refund.refund_id), source=source,
        posted_by="system", reason=f"refund to {refund.payee}: {refund.reason}",
    )])


async def record_write_off(write_off: WriteOffApprovedV1, source: str, uow: UnitOfWork) -> None:
    await post_lines(uow, [NewPosting(
        account_ref=write_off.account_ref, posting_type=PostingType.WRITE_OFF,
        amount=-_positive(write_off.amount, "write-off"), effective_date=write_off.approved_on,
        source_key=source_keys.write_off(write_off.write_off_id), source=source, posted_by=write_off.approved_by,
        reason=f"{write_off.reason} (proposed by {write_off.proposed_by})",
    )])


async def record_credit_transfer(msg: Incoming, uow: UnitOfWork) -> None:
    transfer: CreditTransferRequestedV1 = msg.data
    if transfer.from_account_ref == transfer.to_account_ref:
        raise PermanentFailure("a transfer needs two different accounts", reason="invalid_transfer")
    amount = _positive(transfer.amount, "transfer")
    # The request carries no date of its own: it takes effect when refunds asked for it.
    on = msg.envelope.occurred_at.date() if msg.envelope else date.today()
    common = {"posting_type": PostingType.TRANSFER, "effective_date": on, "source": msg.source,
              "posted_by": transfer.requested_by}
    await post_lines(uow, [
        NewPosting(account_ref=transfer.from_account_ref, amount=amount,
                   source_key=source_keys.leg(source_keys.credit_transfer(transfer.transfer_id), "out"),
                   reason=f"credit moved to {transfer.to_account_ref}: {transfer.reason}", **common),
        NewPosting(account_ref=transfer.to_account_ref, amount=-amount,
                   source_key=source_keys.leg(source_keys.credit_transfer(transfer.transfer_id), "in"),
                   reason=f"credit moved from {transfer.from_account_ref}: {transfer.reason}", **common),
    ])


def payment_line(payment: ReceivedPayment) -> NewPosting:
    """The same source key as a single PaymentReceived: a payment posts once by either path."""
    return NewPosting(
        account_ref=payment.account_ref,
        posting_type=PAYMENT_POSTING_TYPES.get(payment.method, PostingType.PAYMENT),
        amount=-_positive(payment.amount, "payment"), effective_date=payment.received_on,
        source_key=source_keys.payment(payment.payment_id), source=payment.source, posted_by=payment.received_by,
        reason=f"{payment.method.value} via {payment.channel}", channel=payment.channel,
    )


def reversal_line(reversal: PaymentReversedV1, channel: str | None) -> NewPosting:
    """``channel``: that of the payment taken back, when billing has posted it."""
    return NewPosting(
        account_ref=reversal.account_ref,
        posting_type=PostingType.DD_UNPAID if reversal.method == PaymentMethod.DIRECT_DEBIT
        else PostingType.PAYMENT_REVERSAL,
        amount=_positive(reversal.amount, "reversal"), effective_date=reversal.reversed_on,
        source_key=source_keys.reversal(reversal.reversal_id), source=reversal.source, posted_by="system",
        reason=f"{reversal.reason_code}: {reversal.reason}", channel=channel,
    )


async def record_payment_batch(msg: Incoming, uow: UnitOfWork) -> None:
    batch: PaymentBatchReceivedV1 = msg.data
    try:
        postings = await ledger_writer.post_all(uow.session, [payment_line(p) for p in batch.payments])
    except ledger_writer.UnknownAccounts as exc:
        raise PermanentFailure(str(exc), reason="unknown_account") from None
    if postings:
        uow.emit(AccountsPostedV1(batch_id=uuid.uuid4(), cause=f"PaymentBatchReceived:{msg.message_id}",
                                  postings=[p.to_line() for p in postings]))


async def record_payment(payment: PaymentReceivedV1, uow: UnitOfWork) -> None:
    await post_lines(uow, [payment_line(payment)])


async def record_payment_reversal(reversal: PaymentReversedV1, uow: UnitOfWork) -> None:
    channel = await ledger_accounts.payment_channel(uow.session, reversal.payment_id) if reversal.payment_id else None
    await post_lines(uow, [reversal_line(reversal, channel)])
