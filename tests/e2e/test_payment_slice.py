"""The first vertical slice, through real RabbitMQ and PostgreSQL:

billing opens a tenancy and its rent account → an upstream payment message for that
account reaches payments → PaymentReceived → billing posts the credit and publishes
AccountPosted → recovery's balance projection follows.
"""

from __future__ import annotations

import json
import uuid

import pytest
from sqlalchemy import text

from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY
from shared.messaging.publisher import ConfirmingPublisher
from shared.testing.helpers import eventually

pytestmark = pytest.mark.e2e

OFFICER = ("rent_officer",)


async def open_tenancy(stack, token, suffix: str) -> str:
    headers = token("r.officer", *OFFICER)
    response = await stack.billing.post("/properties", headers=headers, json={
        "property_ref": f"P-{suffix}", "address": [f"{suffix} Acacia Avenue", "Hackney", "London"],
        "postcode": "E8 1AB", "patch": "HK01", "area": "Hackney", "property_type": "flat", "bedrooms": 2,
    })
    assert response.status_code == 201, response.text
    response = await stack.billing.post("/tenancies", headers=headers, json={
        "tenancy_ref": f"T-{suffix}", "property_ref": f"P-{suffix}", "tenure": "secure",
        "start_date": "2026-04-06",
        "tenants": [{"person_id": f"PER-{suffix}", "name": "Alex Example", "is_lead": True}],
        "charges": [{"charge_type": "rent", "weekly_amount": "112.48"},
                    {"charge_type": "service_charge", "weekly_amount": "7.10"}],
    })
    assert response.status_code == 201, response.text
    return response.json()["account_ref"]


def inbound_payment(reference: str, amount: str, transaction_id: str) -> bytes:
    return json.dumps({
        "source_system": "allpay", "transaction_id": transaction_id, "payment_reference": reference,
        "amount": amount, "paid_on": "2026-11-20", "method": "cash", "channel": "paypoint",
    }).encode()


async def send_upstream(amqp_url: str, stack, body: bytes, message_id: str) -> None:
    names = stack.apps["payments"].state.runtime.names
    publisher = ConfirmingPublisher(amqp_url, names, name="upstream-allpay")
    try:
        await publisher.publish(exchange=names.events_exchange, routing_key=INBOUND_PAYMENT_ROUTING_KEY,
                                body=body, message_id=message_id)
    finally:
        await publisher.close()


async def known_to_payments(stack, account_ref: str) -> bool:
    async with stack.apps["payments"].state.runtime.session_factory() as session:
        found = await session.execute(text("SELECT 1 FROM known_account WHERE account_ref = :r"), {"r": account_ref})
        return found.first() is not None


async def test_upstream_payment_reaches_billing_ledger_and_recovery_projection(stack, token, amqp_url):
    account_ref = await open_tenancy(stack, token, uuid.uuid4().hex[:6])
    await eventually(lambda: known_to_payments(stack, account_ref), message="payments never saw AccountOpened")

    transaction = uuid.uuid4().hex
    await send_upstream(amqp_url, stack, inbound_payment(account_ref, "50.00", transaction), f"allpay-{transaction}")

    staff = token("i.officer", "income_officer")

    async def recovery_balance():
        response = await stack.recovery.get(f"/accounts/{account_ref}", headers=staff)
        return response.json() if response.status_code == 200 and response.json()["last_seq"] == 1 else None

    position = await eventually(recovery_balance, message="recovery projection not updated")
    assert position["balance"] == "-50.00"
    assert position["last_payment_amount"] == "50.00"

    account = (await stack.billing.get(f"/accounts/{account_ref}", headers=staff)).json()
    assert account["balance"] == "-50.00"
    [posting] = (await stack.billing.get(f"/accounts/{account_ref}/postings", headers=staff)).json()
    assert posting["posting_type"] == "payment"
    assert posting["amount"] == "-50.00"
    assert posting["posted_by"] == "system:allpay"
    assert posting["source"] == f"message:allpay-{transaction}"

    credit = await eventually(lambda: _credit_listed(stack, token, account_ref), message="refunds projection")
    assert credit["balance"] == "-50.00"


async def test_replayed_upstream_payment_posts_once(stack, token, amqp_url):
    account_ref = await open_tenancy(stack, token, uuid.uuid4().hex[:6])
    await eventually(lambda: known_to_payments(stack, account_ref))
    transaction = uuid.uuid4().hex
    body = inbound_payment(account_ref, "20.00", transaction)
    await send_upstream(amqp_url, stack, body, f"allpay-{transaction}")
    await send_upstream(amqp_url, stack, body, f"allpay-{transaction}")  # the same message again
    await send_upstream(amqp_url, stack, body, f"allpay-{transaction}-resent")  # same payment, new id
    second = uuid.uuid4().hex
    await send_upstream(amqp_url, stack, inbound_payment(account_ref, "5.00", second), f"allpay-{second}")

    staff = token("auditor1", "auditor")

    async def settled():
        postings = (await stack.billing.get(f"/accounts/{account_ref}/postings", headers=staff)).json()
        return postings if len(postings) >= 2 else None

    postings = await eventually(settled)
    await _quiet(stack)
    postings = (await stack.billing.get(f"/accounts/{account_ref}/postings", headers=staff)).json()
    assert [p["amount"] for p in postings] == ["-20.00", "-5.00"]
    assert (await stack.billing.get(f"/accounts/{account_ref}", headers=staff)).json()["balance"] == "-25.00"


async def test_unmatched_payment_goes_to_suspense(stack, token, amqp_url):
    transaction = uuid.uuid4().hex
    await send_upstream(amqp_url, stack, inbound_payment("12345678", "9.99", transaction), f"allpay-{transaction}")
    staff = token("i.officer", "income_officer")

    async def in_suspense():
        items = (await stack.payments.get("/suspense", headers=staff)).json()
        return [i for i in items if i["reference_given"] == "12345678"]

    [item] = await eventually(in_suspense)
    assert item["amount"] == "9.99"
    assert "check digit" in item["reason"]


async def _credit_listed(stack, token, account_ref):
    response = await stack.refunds.get("/credit-balances", headers=token("fin", "finance_approver"))
    return next((c for c in response.json() if c["account_ref"] == account_ref), None)


async def _quiet(stack) -> None:
    """Wait until every outbox is relayed and every consumer queue is empty."""
    from shared.testing.helpers import queue_depth

    async def drained() -> bool:
        for app in stack.apps.values():
            runtime = app.state.runtime
            if await runtime.relay.pending():
                return False
            for consumer in runtime.consumers:
                if await queue_depth(runtime.settings.amqp_url, runtime.names.queue(consumer.name)):
                    return False
        return True

    await eventually(drained, message="stack did not go quiet")


async def test_each_service_documents_its_events_as_asyncapi(stack, token):
    payments = (await stack.payments.get("/asyncapi.json")).json()
    assert payments["asyncapi"] == "3.0.0"
    inbound = payments["channels"]["upstream_payment_v1"]
    assert inbound["address"] == "upstream.payment.v1"
    schema = payments["components"]["messages"]["upstream_payment_v1"]["payload"]
    assert set(schema["required"]) >= {"transaction_id", "payment_reference", "amount", "paid_on"}
    assert "publish_payments_PaymentReceived_v1" in payments["operations"]
    billing = (await stack.billing.get("/asyncapi.json")).json()
    assert "publish_billing_AccountPosted_v1" in billing["operations"]
