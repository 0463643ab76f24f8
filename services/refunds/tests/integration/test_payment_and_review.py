"""Paying approved refunds (Bacs Standard 18 file, paid, RefundIssued once), re-checking a
refund whose balance moved since approval, the credit review and the monthly report."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import text

from refunds.adapters.bacs_std18 import parse_credits
from refunds.service_layer.clock import today
from services.refunds.tests.integration.helpers import ORIGINATOR, ask, failed, key, next_working_day, outbox
from shared.contracts.types import PostingType

MAKER = ("r.officer", "rent_officer")
FINANCE = ("f.one", "finance_approver")
FINANCE2 = ("f.two", "finance_approver")


async def approved_refund(refunds, token, ref: str, amount: str) -> dict:
    refund = await ask(refunds, token(*MAKER), ref, amount)
    response = await refunds.post(f"/refunds/{refund['refund_id']}/approve", headers=token(*FINANCE) | key())
    assert response.json()["status"] == "approved", response.text
    return response.json()


async def test_a_payment_batch_pays_approved_refunds_once_in_a_bacs_file(refunds, token):
    feed = refunds.feed
    first, second = await feed.tenancy(6001, "PER-61"), await feed.tenancy(6002, "PER-62")
    await feed.pay(first, "300.00")
    await feed.pay(second, "250.50")
    await feed.settled()
    one = await approved_refund(refunds, token, first, "200.00")
    two = await approved_refund(refunds, token, second, "150.50")

    payer = token(*FINANCE)
    body = {"processing_date": str(next_working_day())}
    unset = await refunds.post("/payment-batches", headers=payer | key(), json=body)
    assert unset.status_code == 422 and "originating bank account" in unset.json()["detail"]
    assert (await refunds.put("/config/refund-policy", headers=token("a.admin", "admin"), json=ORIGINATOR)
            ).status_code == 200

    run_key = key()
    response = await refunds.post("/payment-batches", headers=payer | run_key, json=body)
    assert response.status_code == 201, response.text
    run = response.json()
    assert sorted(run["paid"]) == sorted([one["refund_id"], two["refund_id"]])
    assert run["held_for_recheck"] == []
    assert (run["batch"]["item_count"], run["batch"]["total"]) == (2, "350.50")
    replay = await refunds.post("/payment-batches", headers=payer | run_key, json=body)
    assert replay.json() == run and replay.headers["Idempotent-Replay"] == "true"
    nothing = await refunds.post("/payment-batches", headers=payer | key(), json=body)
    assert nothing.status_code == 200 and nothing.json()["batch"] is None

    file = await refunds.get(f"/payment-batches/{run['batch']['batch_id']}/file", headers=payer)
    assert parse_credits(file.text) == [
        ("089999", "66374958", "99", 20000, f"REFUND {first}"), ("089999", "66374958", "99", 15050, f"REFUND {second}"),
        ("202959", "63748472", "17", 35050, "CONTRA")]
    for refund_id in run["paid"]:
        paid = (await refunds.get(f"/refunds/{refund_id}", headers=payer)).json()
        assert paid["status"] == "paid" and paid["batch_id"] == run["batch"]["batch_id"]
    issued = await outbox(refunds.app, "RefundIssued")
    assert sorted((e["account_ref"], e["amount"]) for e in issued) == [(first, "200.00"), (second, "150.50")]

    # Until billing posts the refund, the money paid out is not available again.
    credit = (await refunds.post("/refunds", headers=token(*MAKER) | key(), json={
        "account_ref": first, "amount": "150.00", "reason_code": "overpayment"})).json()
    assert "amount_within_credit" in failed(credit)
    await refunds.post(f"/refunds/{credit['refund_id']}/reject", headers=token(*MAKER), json={"reason": "test"})
    await feed.post(first, "200.00", PostingType.REFUND, source=f"refund:{one['refund_id']}")
    await feed.settled()
    async with refunds.app.state.runtime.session_factory() as session:
        posted = (await session.execute(text("SELECT ledger_posted FROM refund WHERE refund_id = :r"),
                                        {"r": one["refund_id"]})).scalar_one()
    assert posted is True

    month = f"{next_working_day():%Y-%m}"
    report = (await refunds.get("/reports/refunds-by-month", headers=token("aud", "auditor"), params={
        "from": str(today() - timedelta(days=40)), "to": str(today() + timedelta(days=40))})).json()
    assert report == [{"month": month, "reason_code": "overpayment", "payee": "tenant", "count": 2,
                       "total": "350.50"}]


async def test_a_refund_whose_balance_changed_since_approval_is_re_checked_not_paid(refunds, token):
    feed = refunds.feed
    moved, steady = await feed.tenancy(7001, "PER-71"), await feed.tenancy(7002, "PER-72")
    await feed.pay(moved, "300.00")
    await feed.pay(steady, "300.00")
    await feed.settled()
    assert (await refunds.put("/config/refund-policy", headers=token("a.admin", "admin"), json=ORIGINATOR)
            ).status_code == 200
    changed = await approved_refund(refunds, token, moved, "200.00")
    still_fine = await approved_refund(refunds, token, steady, "100.00")
    await feed.post(moved, "150.00", PostingType.CHARGE)  # the credit falls to £150 after approval
    await feed.post(steady, "50.00", PostingType.CHARGE)  # falls to £250: £100 is still refundable
    await feed.settled()

    response = await refunds.post("/payment-batches", headers=token(*FINANCE) | key(),
                                  json={"processing_date": str(next_working_day())})
    assert response.status_code == 201, response.text
    run = response.json()
    assert run["paid"] == [still_fine["refund_id"]]
    [held] = run["held_for_recheck"]
    assert held["refund_id"] == changed["refund_id"] and held["status"] == "requested"
    assert held["approvals"] == [] and "amount_within_credit" in failed(held)
    issued = await outbox(refunds.app, "RefundIssued")
    assert [e["refund_id"] for e in issued] == [still_fine["refund_id"]]
    history = (await refunds.get(f"/refunds/{changed['refund_id']}/history", headers=token(*FINANCE))).json()
    assert history[-1]["from_status"] == "approved" and history[-1]["to_status"] == "requested"
    assert history[-1]["actor"] == "f.one"
    assert history[-1]["reason"] == "re-check before payment, the balance changed since approval: checks failed: " \
        "amount_within_credit, current_tenant_keeps_week"


async def test_the_credit_review_suggests_an_action_for_every_credit_and_runs_once_a_month(refunds, token):
    feed = refunds.feed
    old = await feed.tenancy(8001, "PER-81")
    await feed.post(old, "40.00", PostingType.CHARGE)
    await feed.terminate(old, "PER-81")
    debtor = await feed.tenancy(8002, "PER-81")
    benefit = await feed.tenancy(8003, "PER-82")
    small = await feed.tenancy(8004, "PER-83")
    tenant = await feed.tenancy(8005, "PER-84")
    await feed.pay(debtor, "100.00")
    await feed.pay(benefit, "90.00", method="housing_benefit", received_on=today() - timedelta(days=10))
    await feed.pay(small, "60.00")
    await feed.pay(tenant, "250.00")
    await feed.settled()

    response = await refunds.post("/credit-reviews", headers=token(*MAKER), json={})
    assert response.status_code == 201, response.text
    review = response.json()
    assert (review["kind"], review["account_count"], review["total_credit"]) == ("on_demand", 4, "500.00")
    lines = {line["account_ref"]: line for line in (await refunds.get(
        f"/credit-reviews/{review['review_id']}/lines", headers=token(*MAKER))).json()}
    assert (lines[debtor]["action"], lines[debtor]["amount"]) == ("transfer", "40.00")
    assert lines[debtor]["transfers"] == [{"to_account_ref": old, "amount": "40.00", "kind": "former tenant arrears"}]
    assert (lines[benefit]["action"], lines[benefit]["payee"], lines[benefit]["amount"]) == (
        "refund", "housing_benefit", "90.00")
    assert lines[small]["action"] == "leave" and "keeps £100.00" in lines[small]["why"]
    assert (lines[tenant]["action"], lines[tenant]["amount"]) == ("refund", "150.00")

    monthly = refunds.app.state.runtime.monthly_review
    first_day = today().replace(day=1)
    created = await monthly.due(first_day)
    assert created is not None
    assert await monthly.due(first_day + timedelta(days=1)) is None  # the month's review exists
    reviews = (await refunds.get("/credit-reviews", headers=token(*MAKER))).json()
    assert sorted(r["kind"] for r in reviews) == ["monthly", "on_demand"]
