"""Manual adjustments and transfers: reason codes, Idempotency-Key, maker-checker above
the configurable threshold, and the audit trail."""

from __future__ import annotations

from .support import key, new_tenancy, rows, scalar

MAKER = ("r.officer", "rent_officer")
CHECKER = ("s.officer", "senior_officer")


async def test_a_small_adjustment_posts_at_once_and_a_retry_with_the_same_key_replays(billing, token):
    account = (await new_tenancy(billing, token))["account_ref"]
    body = {"direction": "credit", "amount": "15.00", "reason_code": "goodwill", "reason": "missed repair visit",
            "effective_date": "2026-11-02"}
    headers = token(*MAKER) | key()
    first = await billing.post(f"/accounts/{account}/adjustments", json=body, headers=headers)
    assert first.status_code == 201, first.text
    assert first.json()["status"] == "posted"
    again = await billing.post(f"/accounts/{account}/adjustments", json=body, headers=headers)
    assert again.status_code == 201
    assert again.headers["Idempotent-Replay"] == "true"
    assert again.json() == first.json()
    reused = await billing.post(f"/accounts/{account}/adjustments", json=body | {"amount": "16.00"}, headers=headers)
    assert reused.status_code == 422
    postings = await rows(billing.app, "SELECT posting_type, amount, reason, posted_by FROM posting")
    assert [(p.posting_type, str(p.amount), p.posted_by) for p in postings] == [("adjustment", "-15.00", "r.officer")]
    assert postings[0].reason == "goodwill: missed repair visit"
    assert await scalar(billing.app, "SELECT count(*) FROM outbox WHERE event_type = 'AccountPosted'") == 1


async def test_a_large_adjustment_waits_for_a_different_user_to_approve_it(billing, token):
    account = (await new_tenancy(billing, token))["account_ref"]
    body = {"direction": "debit", "amount": "400.00", "reason_code": "rent_correction", "reason": "missed debit"}
    pending = await billing.post(f"/accounts/{account}/adjustments", json=body, headers=token(*MAKER) | key())
    assert pending.status_code == 202, pending.text
    adjustment = pending.json()
    assert adjustment["status"] == "pending_approval"
    assert await scalar(billing.app, "SELECT count(*) FROM posting") == 0

    listed = await billing.get("/adjustments?status=pending_approval", headers=token(*CHECKER))
    assert [a["adjustment_id"] for a in listed.json()] == [adjustment["adjustment_id"]]
    url = f"/adjustments/{adjustment['adjustment_id']}/approve"
    self_approval = await billing.post(url, json={"note": "ok"}, headers=token("r.officer", "senior_officer") | key())
    assert self_approval.status_code == 409
    assert "maker-checker" in self_approval.json()["detail"]
    approved = await billing.post(url, json={"note": "checked the rent schedule"}, headers=token(*CHECKER) | key())
    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["decided_by"]) == ("posted", "s.officer")
    assert await scalar(billing.app, "SELECT balance FROM account WHERE account_ref = :r", r=account) == 400
    twice = await billing.post(url, json={"note": "again"}, headers=token("f.approver", "finance_approver") | key())
    assert twice.status_code == 409
    audit = await rows(billing.app, "SELECT actor, action FROM audit_log WHERE entity = 'adjustment' ORDER BY id")
    assert [tuple(a) for a in audit] == [("r.officer", "request"), ("s.officer", "approve")]


async def test_the_threshold_is_a_setting_changed_through_the_api_with_an_audit_trail(billing, token):
    account = (await new_tenancy(billing, token))["account_ref"]
    changed = await billing.put("/settings/adjustment_approval_threshold", headers=token(*CHECKER),
                                json={"value": "50.00", "reason": "audit recommendation 2026/3"})
    assert changed.status_code == 200, changed.text
    body = {"direction": "debit", "amount": "60.00", "reason_code": "recharge", "reason": "lock change"}
    response = await billing.post(f"/accounts/{account}/adjustments", json=body, headers=token(*MAKER) | key())
    assert response.json()["status"] == "pending_approval"
    rejected = await billing.post(f"/adjustments/{response.json()['adjustment_id']}/reject",
                                  json={"note": "recharge not agreed"}, headers=token(*CHECKER))
    assert rejected.json()["status"] == "rejected"
    audit = await rows(billing.app, "SELECT actor, before, after, reason FROM audit_log WHERE entity = 'setting'")
    assert [(a.actor, a.before, a.after) for a in audit] == [("s.officer", {"value": "250.00"}, {"value": "50.00"})]
    bad = await billing.put("/settings/adjustment_approval_threshold", headers=token(*CHECKER),
                            json={"value": "-5", "reason": "x"})
    assert bad.status_code == 422
    assert "must be more than zero" in bad.json()["detail"]


async def test_a_transfer_moves_credit_between_two_accounts(billing, token):
    a = (await new_tenancy(billing, token))["account_ref"]
    b = (await new_tenancy(billing, token))["account_ref"]
    body = {"from_account_ref": a, "to_account_ref": b, "amount": "30.00", "reason_code": "balance_transfer",
            "reason": "former tenancy credit to current debt"}
    response = await billing.post("/transfers", json=body, headers=token(*MAKER) | key())
    assert response.status_code == 201, response.text
    balances = await rows(billing.app, "SELECT account_ref, balance FROM account ORDER BY account_ref")
    assert {r.account_ref: str(r.balance) for r in balances} == {a: "30.00", b: "-30.00"}


async def test_adjustments_refuse_unknown_reason_codes_and_accounts(billing, token):
    account = (await new_tenancy(billing, token))["account_ref"]
    body = {"direction": "debit", "amount": "1.00", "reason_code": "because", "reason": "x"}
    response = await billing.post(f"/accounts/{account}/adjustments", json=body, headers=token(*MAKER) | key())
    assert response.status_code == 422
    assert response.json()["detail"].startswith("unknown reason code 'because'")
    body["reason_code"] = "other"
    missing = await billing.post("/accounts/99999997/adjustments", json=body, headers=token(*MAKER) | key())
    assert missing.status_code == 404
    no_key = await billing.post(f"/accounts/{account}/adjustments", json=body, headers=token(*MAKER))
    assert no_key.status_code == 422
