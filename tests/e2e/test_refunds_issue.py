"""A refund end to end, through real RabbitMQ and PostgreSQL: billing opens a tenancy →
an upstream payment puts the account in credit (payments → billing → refunds' projection)
→ refunds checks, approves (a second user) and pays it in a Bacs batch → RefundIssued →
billing posts the debit exactly once, even when the event is delivered again."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import text

from services.refunds.tests.integration.helpers import next_working_day
from shared.messaging.publisher import ConfirmingPublisher
from shared.testing.helpers import eventually
from tests.e2e.test_payment_slice import _quiet, inbound_payment, known_to_payments, open_tenancy, send_upstream

pytestmark = pytest.mark.e2e

ORIGINATOR = {"originator_sort_code": "202959", "originator_account_number": "63748472",
              "originator_name": "Hackney Council", "reason": "refunds paid from the rents account"}


def key() -> dict[str, str]:
    return {"Idempotency-Key": uuid.uuid4().hex}


async def refunds_sees(stack, token, account_ref: str, balance: str):
    response = await stack.refunds.get("/credit-balances", headers=token("fin", "finance_approver"))
    return any(c["account_ref"] == account_ref and c["balance"] == balance for c in response.json())


async def redeliver(stack, amqp_url: str, event_type: str, new_message_id: bool) -> None:
    """Publish refunds' already-sent event again, as a broker redelivery (same id) or a
    duplicate publish (new id) would."""
    runtime = stack.apps["refunds"].state.runtime
    async with runtime.session_factory() as session:
        row = (await session.execute(text(
            "SELECT event_id, routing_key, body FROM outbox WHERE event_type = :t"), {"t": event_type})).one()
    body, message_id = row.body, str(row.event_id)
    if new_message_id:
        message_id = str(uuid.uuid4())
        body = body.replace(str(row.event_id).encode(), message_id.encode())
    publisher = ConfirmingPublisher(amqp_url, runtime.names, name="redeliver")
    try:
        await publisher.publish(exchange=runtime.names.events_exchange, routing_key=row.routing_key, body=body,
                                message_id=message_id)
    finally:
        await publisher.close()


async def test_an_issued_refund_is_posted_exactly_once_in_billings_ledger(stack, token, amqp_url):
    account_ref = await open_tenancy(stack, token, uuid.uuid4().hex[:6])
    await eventually(lambda: known_to_payments(stack, account_ref), timeout=40,
                     message="payments never saw AccountOpened")
    transaction = uuid.uuid4().hex
    await send_upstream(amqp_url, stack, inbound_payment(account_ref, "400.00", transaction), f"allpay-{transaction}")
    await eventually(lambda: refunds_sees(stack, token, account_ref, "-400.00"), timeout=40,
                     message="refunds never saw the credit")

    admin = token("a.admin", "admin")
    assert (await stack.refunds.put("/config/refund-policy", headers=admin, json=ORIGINATOR)).status_code == 200
    response = await stack.refunds.post("/refunds", headers=token("r.officer", "rent_officer") | key(), json={
        "account_ref": account_ref, "amount": "200.00", "reason_code": "overpayment",
        "payee_name": "Alex Example", "sort_code": "08-99-99", "account_number": "66374958"})
    assert response.status_code == 201, response.text
    refund = response.json()
    assert refund["status"] == "checked", refund["checks"]
    approved = await stack.refunds.post(f"/refunds/{refund['refund_id']}/approve",
                                        headers=token("f.approver", "finance_approver") | key())
    assert approved.json()["status"] == "approved", approved.text

    run = await stack.refunds.post("/payment-batches", headers=token("f.approver", "finance_approver") | key(),
                                   json={"processing_date": str(next_working_day())})
    assert run.status_code == 201, run.text
    assert run.json()["paid"] == [refund["refund_id"]]

    staff = token("auditor1", "auditor")

    async def refund_postings():
        postings = (await stack.billing.get(f"/accounts/{account_ref}/postings", headers=staff)).json()
        return [p for p in postings if p["posting_type"] == "refund"]

    await eventually(refund_postings, message="billing never posted the refund", timeout=40)
    await redeliver(stack, amqp_url, "RefundIssued", new_message_id=False)
    await redeliver(stack, amqp_url, "RefundIssued", new_message_id=True)
    await _quiet(stack)

    [posting] = await refund_postings()
    assert posting["amount"] == "200.00"
    assert (await stack.billing.get(f"/accounts/{account_ref}", headers=staff)).json()["balance"] == "-200.00"

    async def settled_in_refunds():
        async with stack.apps["refunds"].state.runtime.session_factory() as session:
            return (await session.execute(text("SELECT ledger_posted FROM refund WHERE refund_id = :r"),
                                          {"r": refund["refund_id"]})).scalar_one()

    await eventually(settled_in_refunds, message="refunds never saw its refund on the ledger", timeout=40)
    assert await refunds_sees(stack, token, account_ref, "-200.00")
    # The £200 left is the only credit refunds offers again: the paid refund is not counted twice.
    again = await stack.refunds.post("/refunds", headers=token("r.officer", "rent_officer") | key(), json={
        "account_ref": account_ref, "amount": "201.00", "reason_code": "overpayment", "keep_week_waived": True,
        "payee_name": "Alex Example", "sort_code": "08-99-99", "account_number": "66374958"})
    assert [c["rule"] for c in again.json()["checks"] if not c["passed"]] == ["amount_within_credit"]


async def tenancy_for(stack, token, person: str, start: str) -> tuple[str, str]:
    """A tenancy of ``person`` on a new property: (tenancy ref, account ref)."""
    officer, suffix = token("r.officer", "rent_officer"), uuid.uuid4().hex[:6]
    home = {"property_ref": f"P-{suffix}", "address": [f"{suffix} Mare Street", "London"], "postcode": "E8 3RH",
            "patch": "HK02", "area": "Hackney", "property_type": "flat", "bedrooms": 1}
    assert (await stack.billing.post("/properties", headers=officer, json=home)).status_code == 201
    response = await stack.billing.post("/tenancies", headers=officer, json={
        "tenancy_ref": f"T-{suffix}", "property_ref": f"P-{suffix}", "tenure": "secure", "start_date": start,
        "tenants": [{"person_id": person, "name": "Sam Example", "is_lead": True}],
        "charges": [{"charge_type": "rent", "weekly_amount": "95.00"}]})
    assert response.status_code == 201, response.text
    return f"T-{suffix}", response.json()["account_ref"]


async def test_credit_is_offset_against_the_same_persons_former_tenancy_debt_through_billing(stack, token, amqp_url):
    person, officer = f"PER-{uuid.uuid4().hex[:6]}", token("r.officer", "rent_officer")
    old_tenancy, old = await tenancy_for(stack, token, person, "2026-03-30")
    debit = await stack.billing.post(f"/accounts/{old}/adjustments", headers=officer | key(), json={
        "direction": "debit", "amount": "60.00", "reason_code": "rent_correction", "reason": "unpaid rent"})
    assert debit.status_code == 201, debit.text
    ended = await stack.billing.post(f"/tenancies/{old_tenancy}/terminate", headers=officer | key(), json={
        "end_date": "2026-04-05", "reason": "moved to a new home"})
    assert ended.status_code == 200, ended.text
    owed = ended.json()["final_balance"]
    _, current = await tenancy_for(stack, token, person, "2026-04-06")
    await eventually(lambda: known_to_payments(stack, current), timeout=40)
    transaction = uuid.uuid4().hex
    await send_upstream(amqp_url, stack, inbound_payment(current, "500.00", transaction), f"allpay-{transaction}")
    await eventually(lambda: refunds_sees(stack, token, current, "-500.00"), timeout=40)

    async def debt_known():
        response = await stack.refunds.post("/credit-reviews", headers=officer, json={})
        lines = (await stack.refunds.get(f"/credit-reviews/{response.json()['review_id']}/lines",
                                         headers=officer)).json()
        return next((line for line in lines if line["account_ref"] == current and line["action"] == "transfer"), None)

    line = await eventually(debt_known, message="refunds never saw the former tenancy's debt", timeout=40)
    assert line["transfers"] == [{"to_account_ref": old, "amount": owed, "kind": "former tenant arrears"}]

    refund = (await stack.refunds.post("/refunds", headers=officer | key(), json={
        "account_ref": current, "amount": "200.00", "reason_code": "overpayment", "payee_name": "Sam Example",
        "sort_code": "08-99-99", "account_number": "66374958"})).json()
    assert [c["rule"] for c in refund["checks"] if not c["passed"]] == ["other_debts_offset"]
    offset = await stack.refunds.post(f"/refunds/{refund['refund_id']}/offset-debts", headers=officer | key())
    assert offset.json()["refund"]["status"] == "checked", offset.text

    staff = token("auditor1", "auditor")

    async def cleared():
        account = (await stack.billing.get(f"/accounts/{old}", headers=staff)).json()
        return account["balance"] == "0.00"

    await eventually(cleared, message="billing never posted the transfer", timeout=40)
    await _quiet(stack)
    [out] = [p for p in (await stack.billing.get(f"/accounts/{current}/postings", headers=staff)).json()
             if p["posting_type"] == "transfer"]
    assert out["amount"] == owed
    rechecked = (await stack.refunds.post(f"/refunds/{refund['refund_id']}/check", headers=officer)).json()
    assert rechecked["status"] == "checked" and all(c["passed"] for c in rechecked["checks"])
