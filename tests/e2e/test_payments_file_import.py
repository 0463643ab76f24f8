"""A mixed income file through the whole platform on real RabbitMQ and PostgreSQL:
payments imports it → PaymentBatchReceived → billing posts each accepted line once →
AccountsPosted → recovery's projection; unmatched lines wait in suspense; importing the
file again (the same bytes, or the same lines in a new file) changes nothing."""

from __future__ import annotations

import uuid

import pytest

from shared.refs import make_account_ref
from shared.testing.helpers import eventually
from tests.e2e.test_payment_slice import _quiet, known_to_payments, open_tenancy

pytestmark = pytest.mark.e2e


async def test_mixed_cash_file_posts_each_accepted_line_once_and_suspends_the_rest(stack, token):
    staff = token("i.officer", "income_officer", "rent_officer")
    first, second, leaving = [await open_tenancy(stack, token, uuid.uuid4().hex[:6]) for _ in range(3)]
    ended = await stack.billing.post(f"/tenancies/T-{await _tenancy_of(stack, staff, leaving)}/terminate",
                                     json={"end_date": "2026-11-01", "reason": "moved out"},
                                     headers={**staff, "Idempotency-Key": uuid.uuid4().hex})
    assert ended.status_code == 200, ended.text
    for ref in (first, second):
        await eventually(lambda ref=ref: known_to_payments(stack, ref))
    await eventually(lambda: _closed_in_payments(stack, staff, leaving), message="payments never saw the end")

    unknown = make_account_ref(9_876_543)
    rows = [f"{first},40.00,2026-11-20,paypoint,E-1", f"{second},25.50,2026-11-20,post_office,E-2",
            f"{first},4.50,2026-11-21,paypoint,E-3", f"{unknown},12.00,2026-11-21,paypoint,E-4",
            f"{leaving},8.00,2026-11-21,paypoint,E-5", "12345678,3.00,2026-11-21,paypoint,E-6",
            f"{second},abc,2026-11-21,paypoint,E-7"]
    content = ("payment_reference,amount,paid_on,channel,transaction_id\n" + "\n".join(rows)
               + "\nTRAILER,7,93.00\n").encode()
    response = await stack.payments.post("/income-files", params={"format": "cash_csv", "source_system": "allpay"},
                                         files={"file": ("mixed.csv", content)}, headers=staff)
    assert response.status_code == 201, response.text
    report = response.json()
    assert (report["accepted"], report["unmatched"], report["rejected"]) == (3, 3, 1)
    file_id = report["file_id"]

    await eventually(lambda: _recovery_seq(stack, staff, first, 2), message="recovery never saw both postings")
    await eventually(lambda: _recovery_seq(stack, staff, second, 1))
    await _quiet(stack)
    await _assert_posted_once(stack, staff, first, second, file_id)

    queue = (await stack.payments.get("/suspense?limit=500", headers=staff)).json()
    suspended = {i["reference_given"]: i["reason"] for i in queue if i["received_on"] >= "2026-11-20"}
    assert suspended == {unknown: "no account with this reference", leaving: "account is closed",
                         "12345678": "reference is not a valid account reference (check digit fails)"}

    again = await stack.payments.post("/income-files", params={"format": "cash_csv", "source_system": "allpay"},
                                      files={"file": ("mixed-again.csv", content)}, headers=staff)
    assert (again.status_code, again.json()["duplicate_of"]) == (409, file_id)
    resent = await stack.payments.post("/income-files", params={"format": "cash_csv", "source_system": "allpay"},
                                       files={"file": ("mixed-resent.csv", content + b"\n")}, headers=staff)
    assert (resent.json()["accepted"], resent.json()["duplicates"], resent.json()["unmatched"]) == (0, 6, 0)
    await _quiet(stack)
    await _assert_posted_once(stack, staff, first, second, file_id)
    assert len((await stack.payments.get("/suspense?limit=500", headers=staff)).json()) == len(queue)


async def _assert_posted_once(stack, staff, first: str, second: str, file_id: str) -> None:
    first_postings = (await stack.billing.get(f"/accounts/{first}/postings", headers=staff)).json()
    second_postings = (await stack.billing.get(f"/accounts/{second}/postings", headers=staff)).json()
    assert sorted((p["amount"], p["source"]) for p in first_postings if p["posting_type"] == "payment") == [
        ("-4.50", f"file:{file_id}:4"), ("-40.00", f"file:{file_id}:2")]
    assert [(p["amount"], p["source"]) for p in second_postings if p["posting_type"] == "payment"] == [
        ("-25.50", f"file:{file_id}:3")]
    billing_balance = (await stack.billing.get(f"/accounts/{first}", headers=staff)).json()["balance"]
    recovery_balance = (await stack.recovery.get(f"/accounts/{first}", headers=staff)).json()["balance"]
    assert billing_balance == recovery_balance


async def _tenancy_of(stack, staff, account_ref: str) -> str:
    account = (await stack.billing.get(f"/accounts/{account_ref}", headers=staff)).json()
    return account["tenancy_ref"].removeprefix("T-")


async def _closed_in_payments(stack, staff, account_ref: str) -> bool:
    response = await stack.payments.get(f"/accounts/{account_ref}", headers=staff)
    return response.status_code == 200 and response.json()["status"] == "closed"


async def _recovery_seq(stack, staff, account_ref: str, at_least: int) -> bool:
    response = await stack.recovery.get(f"/accounts/{account_ref}", headers=staff)
    return response.status_code == 200 and response.json()["last_seq"] >= at_least
