"""The suspense work queue: allocate, split and return, audited and idempotent."""

from __future__ import annotations

from .support import events, scalar, seed_accounts, upload

OFFICER = ("i.officer", "income_officer")


async def suspended_item(payments, token, amount: str = "30.00") -> dict:
    await seed_accounts(payments.app, {"10000016": "open", "10000024": "open", "10000040": "closed"})
    content = (f"payment_reference,amount,paid_on,channel,transaction_id\n1000 0017,{amount},2026-11-20,paypoint,S1\n"
               f"TRAILER,1,{amount}\n").encode()
    await upload(payments, token, content, "cash_csv")
    [item] = (await payments.get("/suspense", headers=token(*OFFICER))).json()
    return item


def headers(token, key: str) -> dict:
    return {**token(*OFFICER), "Idempotency-Key": f"suspense-{key}"}


async def test_splitting_an_item_credits_each_account_and_a_retry_replays_without_posting_again(payments, token):
    item = await suspended_item(payments, token)
    body = {"allocations": [{"account_ref": "10000016", "amount": "20.00"},
                            {"account_ref": "1000-0024", "amount": "10.00"}],
            "reason": "tenant phoned: payment was for two garages"}
    first = await payments.post(f"/suspense/{item['suspense_id']}/allocate", json=body, headers=headers(token, "k-1"))
    assert first.status_code == 200, first.text
    again = await payments.post(f"/suspense/{item['suspense_id']}/allocate", json=body, headers=headers(token, "k-1"))
    assert again.json() == first.json() and again.headers["Idempotent-Replay"] == "true"

    received = await events(payments.app, "PaymentReceived")
    assert [(e["data"]["account_ref"], e["data"]["amount"], e["data"]["received_by"]) for e in received] == [
        ("10000016", "20.00", "i.officer"), ("10000024", "10.00", "i.officer")]
    assert [e["data"]["payment_id"] for e in received] == first.json()["payment_ids"]
    assert (await payments.get("/suspense", headers=token(*OFFICER))).json() == []
    assert await scalar(payments.app, "SELECT reason FROM audit_log WHERE action = 'allocated'") == body["reason"]

    closed = await payments.post(f"/suspense/{item['suspense_id']}/return", json={"reason": "x"},
                                 headers=headers(token, "k-2"))
    assert closed.status_code == 409
    assert closed.json()["detail"] == f"suspense item {item['suspense_id']} is already allocated"


async def test_allocations_must_add_up_and_name_open_accounts_and_a_refused_request_stores_nothing(payments, token):
    item = await suspended_item(payments, token)
    url = f"/suspense/{item['suspense_id']}/allocate"
    short = await payments.post(url, json={"allocations": [{"account_ref": "10000016", "amount": "25.00"}],
                                           "reason": "r"}, headers=headers(token, "k-3"))
    assert (short.status_code, short.json()["detail"]) == (422, "allocations total 25.00 but the item is 30.00")
    closed = await payments.post(url, json={"allocations": [{"account_ref": "10000040", "amount": "30.00"}],
                                            "reason": "r"}, headers=headers(token, "k-4"))
    assert (closed.status_code, closed.json()["detail"]) == (422, "cannot allocate to 10000040: account is closed")
    reused = await payments.post(url, json={"allocations": [{"account_ref": "10000024", "amount": "30.00"}],
                                            "reason": "r"}, headers=headers(token, "k-3"))
    # A refused request stores no answer, so its key can carry the corrected request.
    assert reused.status_code == 200
    assert len(await events(payments.app, "PaymentReceived")) == 1


async def test_returning_an_item_posts_nothing_and_is_audited(payments, token):
    item = await suspended_item(payments, token)
    response = await payments.post(f"/suspense/{item['suspense_id']}/return", json={"reason": "unknown payer"},
                                   headers=headers(token, "k-5"))
    assert response.json()["status"] == "returned"
    returned = (await payments.get("/suspense?status=returned", headers=token(*OFFICER))).json()
    assert [i["suspense_id"] for i in returned] == [item["suspense_id"]]
    assert await events(payments.app, "PaymentReceived") == []
    assert await scalar(payments.app, "SELECT actor FROM audit_log WHERE action = 'returned'") == "i.officer"


async def test_only_income_staff_may_resolve_suspense(payments, token):
    item = await suspended_item(payments, token)
    response = await payments.post(f"/suspense/{item['suspense_id']}/return", json={"reason": "r"},
                                   headers={**token("aud", "auditor"), "Idempotency-Key": "k-6-abcdef"})
    assert response.status_code == 403
