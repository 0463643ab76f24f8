"""Refund requests through refunds' API on real PostgreSQL, with the account picture
built from billing's and payments' events through the real broker: checks stored on the
request, maker-checker approval, limits and thresholds from the database, re-checks on
changed balances, offsetting debts and the audited history."""

from __future__ import annotations

from datetime import timedelta

from refunds.service_layer.clock import today
from services.refunds.tests.integration.helpers import BANK, ask, failed, key, outbox
from shared.contracts.types import PostingType

MAKER = ("r.officer", "rent_officer")
SENIOR = ("s.senior", "senior_officer")
FINANCE1 = ("f.one", "finance_approver")
FINANCE2 = ("f.two", "finance_approver")


async def test_a_clean_refund_is_checked_and_needs_an_approver_other_than_the_requester(refunds, token):
    feed = refunds.feed
    ref = await feed.tenancy(1001, "PER-1")
    await feed.pay(ref, "300.00")
    await feed.settled()

    refund = await ask(refunds, token(*SENIOR), ref, "200.00")
    assert refund["status"] == "checked" and not failed(refund)
    assert refund["bank_account"] == "089999 ****4958"
    assert "66374958" not in str(refund)

    own = await refunds.post(f"/refunds/{refund['refund_id']}/approve", headers=token(*SENIOR) | key())
    assert own.status_code == 403
    assert own.json()["detail"] == "the approver must be a different user from the requester"

    approved = await refunds.post(f"/refunds/{refund['refund_id']}/approve", headers=token(*FINANCE1) | key())
    assert approved.status_code == 200, approved.text
    assert approved.json()["status"] == "approved"
    assert [a["approver"] for a in approved.json()["approvals"]] == ["f.one"]
    [event] = await outbox(refunds.app, "RefundApproved")
    assert event["approved_by"] == ["f.one"] and event["amount"] == "200.00"

    history = (await refunds.get(f"/refunds/{refund['refund_id']}/history", headers=token("aud", "auditor"))).json()
    steps = [(h["action"], h["actor"], h["from_status"], h["to_status"]) for h in history]
    assert steps == [("request", "s.senior", None, "requested"), ("check", "s.senior", None, None),
                     ("transition", "s.senior", "requested", "checked"),
                     ("transition", "f.one", "checked", "approved")]
    assert history[2]["reason"] == "all checks passed"


async def test_failing_checks_are_stored_on_the_request_and_debts_are_offset_first(refunds, token):
    feed = refunds.feed
    old = await feed.tenancy(2001, "PER-2")
    await feed.post(old, "80.00", PostingType.CHARGE)
    await feed.terminate(old, "PER-2")
    ref = await feed.tenancy(2002, "PER-2")
    await feed.pay(ref, "200.00")
    await feed.pay(ref, "100.00", method="direct_debit", received_on=today() - timedelta(days=2))
    await feed.settled()
    officer = token(*MAKER)
    overpaid = await refunds.post(f"/accounts/{ref}/hb-overpayments", headers=officer,
                                  json={"claim_reference": "HB-77", "amount": "25.00", "notified_on": "2026-11-01"})
    assert overpaid.status_code == 201, overpaid.text

    refund = await ask(refunds, officer, ref, "300.00", sort_code="938063", account_number="15764273")
    assert refund["status"] == "requested"
    assert failed(refund) == {"other_debts_offset", "payments_cleared", "no_open_hb_overpayment",
                              "current_tenant_keeps_week", "bank_details_valid"}
    details = {c["rule"]: c["detail"] for c in refund["checks"]}
    assert "£80.00 former tenant arrears on" in details["other_debts_offset"]
    assert "£25.00" in details["no_open_hb_overpayment"]
    queue = (await refunds.get("/queues/to-check", headers=officer)).json()
    assert [r["refund_id"] for r in queue] == [refund["refund_id"]]

    not_yet = await refunds.post(f"/refunds/{refund['refund_id']}/approve", headers=token(*FINANCE1) | key())
    assert not_yet.status_code == 409

    offset = await refunds.post(f"/refunds/{refund['refund_id']}/offset-debts", headers=officer | key())
    assert offset.status_code == 200, offset.text
    after = offset.json()["refund"]
    assert after["amount"] == "220.00"
    assert "other_debts_offset" not in failed(after)
    [transfer] = await outbox(refunds.app, "CreditTransferRequested")
    assert (transfer["from_account_ref"], transfer["to_account_ref"], transfer["amount"]) == (ref, old, "80.00")

    # Billing posts both sides of the transfer: the credit it used is no longer pending.
    await feed.post(ref, "80.00", PostingType.TRANSFER, source=f"transfer:{transfer['transfer_id']}")
    await feed.post(old, "-80.00", PostingType.TRANSFER, source=f"transfer:{transfer['transfer_id']}")
    await feed.settled()
    moved = (await refunds.get(f"/accounts/{ref}/credit-transfers", headers=officer)).json()
    assert [t["ledger_posted"] for t in moved] == [True]
    rechecked = (await refunds.post(f"/refunds/{refund['refund_id']}/check", headers=officer)).json()
    assert "amount_within_credit" not in failed(rechecked)
    assert "other_debts_offset" not in failed(rechecked)


async def test_credit_paid_by_housing_benefit_is_refunded_to_the_payer(refunds, token):
    feed = refunds.feed
    ref = await feed.tenancy(3001, "PER-3")
    await feed.pay(ref, "100.00")
    await feed.pay(ref, "150.00", method="housing_benefit", received_on=today() - timedelta(days=20))
    await feed.settled()
    officer = token(*MAKER)

    tenant = await ask(refunds, officer, ref, "200.00", keep_week_waived=True)
    assert failed(tenant) == {"benefit_credit_to_payer"}
    rejected = await refunds.post(f"/refunds/{tenant['refund_id']}/reject", headers=officer,
                                  json={"reason": "HB credit goes back to the benefits service"})
    assert rejected.json()["status"] == "rejected"
    assert (await outbox(refunds.app, "RefundRejected"))[0]["reason"] == "HB credit goes back to the benefits service"

    payer = await ask(refunds, officer, ref, "150.00", payee="housing_benefit",
                      payee_name="Hackney HB overpayments", **{k: v for k, v in BANK.items() if k != "payee_name"})
    assert payer["status"] == "checked", payer["checks"]


async def test_approval_limits_and_the_two_approval_threshold_come_from_the_database(refunds, token):
    feed = refunds.feed
    first, second = await feed.tenancy(4001, "PER-4"), await feed.tenancy(4002, "PER-5")
    await feed.pay(first, "400.00")
    await feed.pay(second, "400.00")
    await feed.settled()
    admin = token("a.admin", "admin")
    response = await refunds.put("/config/approval-limits/senior_officer", headers=admin,
                                 json={"max_amount": "100.00", "reason": "audit committee decision"})
    assert response.status_code == 200 and response.json()["approval_limits"]["senior_officer"] == "100.00"
    assert (await refunds.put("/config/approval-limits/senior_officer", headers=token(*SENIOR),
                              json={"max_amount": "9999.00", "reason": "me"})).status_code == 403

    refund = await ask(refunds, token(*MAKER), first, "150.00")
    over = await refunds.post(f"/refunds/{refund['refund_id']}/approve", headers=token(*SENIOR) | key())
    assert over.status_code == 403
    assert over.json()["detail"] == "£150.00 is above s.senior's approval limit of £100.00"
    ok = await refunds.post(f"/refunds/{refund['refund_id']}/approve", headers=token(*FINANCE1) | key())
    assert ok.json()["status"] == "approved"

    assert (await refunds.put("/config/refund-policy", headers=admin, json={
        "dual_approval_threshold": "120.00", "reason": "lower threshold"})).status_code == 200
    big = await ask(refunds, token(*MAKER), second, "150.00")
    once = await refunds.post(f"/refunds/{big['refund_id']}/approve", headers=token(*FINANCE1) | key())
    assert once.status_code == 200 and once.json()["status"] == "checked"
    assert [r["refund_id"] for r in (await refunds.get("/queues/to-approve", headers=token(*FINANCE1))).json()] == []
    assert [r["refund_id"] for r in (await refunds.get("/queues/to-approve", headers=token(*FINANCE2))).json()] == [
        big["refund_id"]]
    again = await refunds.post(f"/refunds/{big['refund_id']}/approve", headers=token(*FINANCE1) | key())
    assert again.status_code == 403 and "already approved" in again.json()["detail"]
    twice = await refunds.post(f"/refunds/{big['refund_id']}/approve", headers=token(*FINANCE2) | key())
    assert twice.json()["status"] == "approved"
    assert [a["approver"] for a in twice.json()["approvals"]] == ["f.one", "f.two"]

    async with refunds.app.state.runtime.session_factory() as session:
        from sqlalchemy import text
        audit = (await session.execute(text(
            "SELECT actor, entity, entity_id, before ->> 'max_amount', after ->> 'max_amount', reason FROM audit_log "
            "WHERE action = 'configure' ORDER BY id"))).all()
    assert tuple(audit[0]) == ("a.admin", "approval_limit", "senior_officer", "500.00", "100.00",
                               "audit committee decision")


async def test_an_approval_re_checks_a_balance_that_changed_since_the_checks(refunds, token):
    feed = refunds.feed
    ref = await feed.tenancy(5001, "PER-6")
    await feed.pay(ref, "300.00")
    await feed.settled()
    refund = await ask(refunds, token(*MAKER), ref, "200.00")
    assert refund["status"] == "checked"
    await feed.post(ref, "150.00", PostingType.CHARGE)
    await feed.settled()

    response = await refunds.post(f"/refunds/{refund['refund_id']}/approve", headers=token(*FINANCE1) | key())
    assert response.status_code == 409
    assert response.json()["type"] == "urn:rent:problem:recheck-failed"
    current = (await refunds.get(f"/refunds/{refund['refund_id']}", headers=token(*MAKER))).json()
    assert current["status"] == "requested" and current["approvals"] == []
    assert "amount_within_credit" in failed(current)


async def test_bad_requests_get_specific_problems(refunds, token):
    officer = token(*MAKER)
    unknown = await refunds.post("/refunds", headers=officer | key(), json={
        "account_ref": "10000016", "amount": "5.00", "reason_code": "overpayment"})
    assert unknown.status_code == 404 and "no balance for account 10000016" in unknown.json()["detail"]
    invalid = await refunds.post("/refunds", headers=officer | key(), json={
        "account_ref": "10000016", "amount": "5.001", "reason_code": "because", "colour": "red"})
    assert invalid.status_code == 422
    assert {tuple(e["loc"]) for e in invalid.json()["errors"]} == {
        ("body", "amount"), ("body", "reason_code"), ("body", "colour")}
    no_key = await refunds.post("/refunds", headers=officer, json={
        "account_ref": "10000016", "amount": "5.00", "reason_code": "overpayment"})
    assert no_key.status_code == 422 and no_key.json()["errors"][0]["loc"] == ["header", "Idempotency-Key"]
    bad_sort = await refunds.post("/refunds", headers=officer | key(), json={
        "account_ref": "10000016", "amount": "5.00", "reason_code": "overpayment", "sort_code": "12-34"})
    assert bad_sort.status_code == 422
    assert (await refunds.post("/refunds", headers=token("aud", "auditor") | key(), json={})).status_code == 403


async def test_clearing_windows_are_policy_in_the_database_changed_with_an_audit_trail(refunds, token):
    feed = refunds.feed
    ref = await feed.tenancy(9001, "PER-9")
    await feed.pay(ref, "300.00", method="card", received_on=today() - timedelta(days=30))
    await feed.settled()
    officer = token(*MAKER)
    refund = await ask(refunds, officer, ref, "200.00")
    assert failed(refund) == {"payments_cleared"}
    assert "until " + str(today() + timedelta(days=90)) in {c["rule"]: c["detail"] for c in refund["checks"]}[
        "payments_cleared"]

    admin = token("a.admin", "admin")
    changed = await refunds.put("/config/clearing-windows/card", headers=admin,
                                json={"days": 28, "reason": "acquirer confirmed a 28-day window"})
    assert changed.status_code == 200 and changed.json()["clearing_days"]["card"] == 28
    assert (await refunds.put("/config/clearing-windows/card", headers=admin, json={"days": -1, "reason": "x"})
            ).status_code == 422
    rechecked = (await refunds.post(f"/refunds/{refund['refund_id']}/check", headers=officer)).json()
    assert rechecked["status"] == "checked" and not failed(rechecked)
    duplicate = await refunds.post("/refunds", headers=officer | key(), json={
        "account_ref": ref, "amount": "10.00", "reason_code": "overpayment", **BANK})
    assert duplicate.status_code == 409 and "already open" in duplicate.json()["detail"]


async def test_an_hb_overpayment_blocks_refunds_until_billing_posts_its_recovery(refunds, token):
    feed = refunds.feed
    ref = await feed.tenancy(9101, "PER-91")
    await feed.pay(ref, "300.00")
    await feed.settled()
    officer = token(*MAKER)
    recorded = (await refunds.post(f"/accounts/{ref}/hb-overpayments", headers=officer, json={
        "claim_reference": "HB-1", "amount": "30.00", "notified_on": "2026-11-01"})).json()
    refund = await ask(refunds, officer, ref, "100.00")
    assert failed(refund) == {"no_open_hb_overpayment"}

    await feed.post(ref, "20.00", PostingType.HB_OVERPAYMENT)
    await feed.settled()
    partly = (await refunds.post(f"/refunds/{refund['refund_id']}/check", headers=officer)).json()
    assert "£10.00" in {c["rule"]: c["detail"] for c in partly["checks"]}["no_open_hb_overpayment"]
    await feed.post(ref, "10.00", PostingType.HB_OVERPAYMENT)
    await feed.settled()
    [overpayment] = (await refunds.get(f"/accounts/{ref}/hb-overpayments", headers=officer)).json()
    assert overpayment["overpayment_id"] == recorded["overpayment_id"]
    assert (overpayment["status"], overpayment["recovered"]) == ("recovered", "30.00")
    cleared = (await refunds.post(f"/refunds/{refund['refund_id']}/check", headers=officer)).json()
    assert cleared["status"] == "checked"


async def test_officers_limited_to_patches_work_only_accounts_in_them(refunds, token, dev_issuer):
    feed = refunds.feed
    ref = await feed.tenancy(9201, "PER-92")  # patch HK01
    await feed.pay(ref, "300.00")
    await feed.settled()

    def officer_of(patch: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {dev_issuer.mint(f'o.{patch}', ['rent_officer'], patches=[patch])}"}

    body = {"account_ref": ref, "amount": "50.00", "reason_code": "overpayment", **BANK}
    elsewhere = await refunds.post("/refunds", headers=officer_of("LS01") | key(), json=body)
    assert elsewhere.status_code == 403 and elsewhere.json()["detail"] == f"account {ref} is not in one of your patches"
    mine = await refunds.post("/refunds", headers=officer_of("HK01") | key(), json=body)
    assert mine.status_code == 201, mine.text
    refund_id = mine.json()["refund_id"]
    assert (await refunds.get(f"/refunds/{refund_id}", headers=officer_of("LS01"))).status_code == 403
    assert (await refunds.get("/queues/to-approve", headers=officer_of("LS01"))).json() == []
    assert [r["refund_id"] for r in (await refunds.get("/queues/to-approve", headers=token(*FINANCE1))).json()] == [
        refund_id]


async def test_a_reversed_payment_no_longer_holds_the_refund_back(refunds, token):
    feed = refunds.feed
    ref = await feed.tenancy(9301, "PER-93")
    await feed.pay(ref, "300.00")
    dd = await feed.pay(ref, "100.00", method="direct_debit", received_on=today() - timedelta(days=3))
    await feed.reverse(ref, dd, "100.00", "direct_debit")  # ARUDD: the collection came back unpaid
    await feed.settled()
    refund = await ask(refunds, token(*MAKER), ref, "250.00", keep_week_waived=True)
    assert refund["status"] == "checked", refund["checks"]
