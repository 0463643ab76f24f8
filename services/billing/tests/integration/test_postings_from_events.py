"""Every posting source through the real broker: each cause becomes its postings once
(a redelivered message changes nothing), followed by AccountPosted / AccountsPosted;
a message billing cannot apply is dead-lettered with the reason."""

from __future__ import annotations

import json
import uuid
from datetime import date

from shared.contracts import Envelope
from shared.contracts.envelope import EventData
from shared.contracts.payments import PaymentBatchReceivedV1, PaymentReceivedV1, PaymentReversedV1, ReceivedPayment
from shared.contracts.recovery import WriteOffApprovedV1
from shared.contracts.refunds import CreditTransferRequestedV1, RefundIssuedV1
from shared.contracts.types import PaymentMethod
from shared.messaging.metrics import CONSUMED
from shared.messaging.publisher import ConfirmingPublisher
from shared.money import Money
from shared.testing.helpers import eventually, get_messages

from .support import new_tenancy, rows, scalar


async def publish(billing, amqp_url: str, data: EventData, *, times: int = 1) -> None:
    names = billing.app.state.runtime.names
    envelope = Envelope.wrap(data)
    publisher = ConfirmingPublisher(amqp_url, names, name="test-producer")
    try:
        for _ in range(times):
            await publisher.publish(exchange=names.events_exchange, routing_key=envelope.routing_key,
                                    body=envelope.model_dump_json().encode(), message_id=str(envelope.event_id))
    finally:
        await publisher.close()


def duplicates_seen() -> float:
    return CONSUMED.labels("billing.postings", "duplicate")._value.get()


async def wait_for_postings(billing, count: int, *, duplicates_after: float | None = None) -> None:
    async def enough():
        return await scalar(billing.app, "SELECT count(*) FROM posting") >= count

    await eventually(enough, message=f"{count} postings not made")
    if duplicates_after is not None:
        # The second copies must have been consumed (and ignored) before we count postings.
        async def duplicates_consumed():
            return duplicates_seen() >= duplicates_after

        await eventually(duplicates_consumed, message="duplicate deliveries not consumed")


async def ledger(billing) -> list[tuple]:
    found = await rows(billing.app, "SELECT account_ref, account_seq, posting_type, amount, balance_after "
                                    "FROM posting ORDER BY posted_at, account_ref, account_seq")
    return [(r.account_ref, r.account_seq, r.posting_type, str(r.amount), str(r.balance_after)) for r in found]


async def outbox(billing, event_type: str) -> list[dict]:
    found = await rows(billing.app, "SELECT body FROM outbox WHERE event_type = :t ORDER BY id", t=event_type)
    return [json.loads(bytes(r.body))["data"] for r in found]


def payment(account_ref: str, amount: str, method: PaymentMethod = PaymentMethod.CASH) -> ReceivedPayment:
    return ReceivedPayment(payment_id=uuid.uuid4(), account_ref=account_ref, amount=Money(amount), method=method,
                           channel="paypoint", received_on=date(2026, 11, 20), external_id=uuid.uuid4().hex,
                           source="file:test:1")


async def test_refund_write_off_and_credit_transfer_each_post_once_and_publish_account_posted(
        billing, token, amqp_url):
    a = (await new_tenancy(billing, token))["account_ref"]
    b = (await new_tenancy(billing, token))["account_ref"]
    before = duplicates_seen()
    await publish(billing, amqp_url, RefundIssuedV1(refund_id=uuid.uuid4(), account_ref=a, amount=Money("40.00"),
                                                    payee="tenant", paid_on=date(2026, 11, 2), batch_id=uuid.uuid4(),
                                                    reason="credit balance"), times=2)
    await publish(billing, amqp_url, WriteOffApprovedV1(
        write_off_id=uuid.uuid4(), account_ref=b, amount=Money("12.34"), reason="statute barred",
        proposed_by="i.officer", approved_by="s.officer", approved_on=date(2026, 11, 3)), times=2)
    await publish(billing, amqp_url, CreditTransferRequestedV1(
        transfer_id=uuid.uuid4(), from_account_ref=b, to_account_ref=a, amount=Money("5.00"),
        reason="offset against other debt", requested_by="f.officer"), times=2)

    await wait_for_postings(billing, 4, duplicates_after=before + 3)
    assert sorted(await ledger(billing)) == sorted([
        (a, 1, "refund", "40.00", "40.00"),
        (b, 1, "write_off", "-12.34", "-12.34"),
        (b, 2, "transfer", "5.00", "-7.34"),
        (a, 2, "transfer", "-5.00", "35.00"),
    ])
    posted = await outbox(billing, "AccountPosted")
    assert sorted((p["account_ref"], p["account_seq"], p["balance_after"]) for p in posted) == sorted(
        [(a, 1, "40.00"), (b, 1, "-12.34"), (b, 2, "-7.34"), (a, 2, "35.00")])
    assert await scalar(billing.app, "SELECT count(*) FROM inbox") == 3


async def test_a_payment_batch_posts_each_payment_once_and_publishes_one_accounts_posted(billing, token, amqp_url):
    a = (await new_tenancy(billing, token))["account_ref"]
    b = (await new_tenancy(billing, token))["account_ref"]
    single = payment(a, "10.00")
    batch = PaymentBatchReceivedV1(batch_id=uuid.uuid4(), file_id=uuid.uuid4(), batch_no=1, payments=[
        single, payment(b, "20.00", PaymentMethod.HOUSING_BENEFIT), payment(a, "30.00")])
    # The same payment also arrives on its own: it must still post once.
    await publish(billing, amqp_url, PaymentReceivedV1(**single.model_dump()))
    await wait_for_postings(billing, 1)
    before = duplicates_seen()
    await publish(billing, amqp_url, batch, times=2)

    await wait_for_postings(billing, 3, duplicates_after=before + 1)
    assert sorted(await ledger(billing)) == sorted([
        (a, 1, "payment", "-10.00", "-10.00"), (b, 1, "hb_credit", "-20.00", "-20.00"),
        (a, 2, "payment", "-30.00", "-40.00")])
    [bulk] = await outbox(billing, "AccountsPosted")
    assert sorted((p["account_ref"], p["account_seq"]) for p in bulk["postings"]) == [(a, 2), (b, 1)]
    assert await scalar(billing.app, "SELECT balance FROM account WHERE account_ref = :r", r=a) == -40


async def test_payment_reversal_posts_the_money_back(billing, token, amqp_url):
    a = (await new_tenancy(billing, token))["account_ref"]
    await publish(billing, amqp_url, PaymentReversedV1(
        reversal_id=uuid.uuid4(), account_ref=a, amount=Money("25.00"), method=PaymentMethod.DIRECT_DEBIT,
        reason_code="ARUDD-0", reason="refer to payer", reversed_on=date(2026, 11, 5), source="file:x:1"))
    await wait_for_postings(billing, 1)
    assert await ledger(billing) == [(a, 1, "dd_unpaid", "25.00", "25.00")]


async def test_a_batch_naming_an_unknown_account_is_dead_lettered_whole_with_the_reason(billing, token, amqp_url):
    a = (await new_tenancy(billing, token))["account_ref"]
    batch = PaymentBatchReceivedV1(batch_id=uuid.uuid4(), file_id=uuid.uuid4(), batch_no=1,
                                   payments=[payment(a, "10.00"), payment("99999997", "5.00")])
    await publish(billing, amqp_url, batch)
    names = billing.app.state.runtime.names
    [dead] = await get_messages(amqp_url, names.dead_letter_queue("billing.postings"), expect=1)
    assert dead.headers["x-dead-letter-reason"] == "unknown_account"
    assert "99999997" in dead.headers["x-dead-letter-detail"]
    assert await scalar(billing.app, "SELECT count(*) FROM posting") == 0


async def test_a_payment_or_reversal_that_is_not_positive_is_dead_lettered_not_posted(billing, token, amqp_url):
    a = (await new_tenancy(billing, token))["account_ref"]
    negative = PaymentReceivedV1(**payment(a, "-10.00").model_dump())
    zero = PaymentReversedV1(reversal_id=uuid.uuid4(), account_ref=a, amount=Money("0.00"),
                             method=PaymentMethod.DIRECT_DEBIT, reason_code="ARUDD-0", reason="refer to payer",
                             reversed_on=date(2026, 11, 5), source="file:x:1")
    for event in (negative, zero):
        await publish(billing, amqp_url, event)
    names = billing.app.state.runtime.names
    dead = await get_messages(amqp_url, names.dead_letter_queue("billing.postings"), expect=2)
    # Dead-lettered at once for what is wrong with them (not posted, nor retried until exhausted).
    assert [m.headers["x-dead-letter-reason"] for m in dead] == ["invalid_amount", "invalid_amount"]
    assert [m.headers.get("x-retry-count", 0) for m in dead] == [0, 0]
    assert sorted(m.headers["x-dead-letter-detail"] for m in dead) == [
        "payment amount must be positive, got -10.00", "reversal amount must be positive, got 0.00"]
    assert await scalar(billing.app, "SELECT count(*) FROM posting") == 0
