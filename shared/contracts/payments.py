"""Events published by payments: income in, and Direct Debits."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from shared.calendar import Frequency
from shared.contracts.envelope import EventData
from shared.contracts.types import AccountRef, ExternalId, PaymentMethod
from shared.money import Money


class _Payments(EventData):
    producer = "payments"


class ReceivedPayment(BaseModel):
    """One payment matched to an account, as billing needs it to post the credit."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    payment_id: uuid.UUID
    account_ref: AccountRef
    amount: Money = Field(description="Amount received, positive")
    method: PaymentMethod
    channel: str
    received_on: date
    external_id: ExternalId
    source: str = Field(description="file:<file id>:<line> or message:<message id>")
    period_from: date | None = None
    period_to: date | None = None
    received_by: str = "system"


class PaymentReceivedV1(ReceivedPayment, _Payments):
    event_type = "PaymentReceived"
    summary = "Money received for an account (amount positive); billing posts the credit."


class PaymentBatchReceivedV1(_Payments):
    event_type = "PaymentBatchReceived"
    summary = (
        "A batch of matched payments from one income file (bulk path: one message per few hundred "
        "lines); billing posts each payment exactly once, like PaymentReceived."
    )

    batch_id: uuid.UUID
    file_id: uuid.UUID
    batch_no: int
    payments: list[ReceivedPayment]

    def aggregate_key(self) -> str:
        return f"file:{self.file_id}"


class PaymentReversedV1(_Payments):
    event_type = "PaymentReversed"
    summary = "A payment was reversed (unpaid DD, bounced cheque, chargeback, HB recovery)."

    reversal_id: uuid.UUID
    payment_id: uuid.UUID | None = None
    account_ref: AccountRef
    amount: Money = Field(description="Amount taken back, positive")
    method: PaymentMethod
    reason_code: str
    reason: str
    reversed_on: date
    source: str


class PaymentSuspendedV1(_Payments):
    event_type = "PaymentSuspended"
    summary = "A payment could not be matched to an open account and sits in suspense."

    suspense_id: uuid.UUID
    reference_given: str
    amount: Money
    method: PaymentMethod
    received_on: date
    reason: str
    source: str

    def aggregate_key(self) -> str:
        return f"suspense:{self.suspense_id}"


class DirectDebitNoticeDueV1(_Payments):
    event_type = "DirectDebitNoticeDue"
    summary = "Advance notice of Direct Debit collections is due to the payer."

    mandate_id: uuid.UUID
    account_ref: AccountRef
    notice_reason: str = Field(description="new_mandate, amount_change, date_change")
    frequency: Frequency
    first_collection_date: date
    amount: Money
    collections: list[tuple[date, Money]] = Field(default_factory=list)
    send_by: date


class MandateCancelledV1(_Payments):
    event_type = "MandateCancelled"
    summary = "A Direct Debit mandate was cancelled (by the payer's bank, tenancy end or staff)."

    mandate_id: uuid.UUID
    account_ref: AccountRef
    cancelled_on: date
    reason_code: str
    reason: str
