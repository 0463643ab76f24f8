"""Statements, balance as at a date, balance bands, weekly totals, control totals and
the year-end close with its reconciliation."""

from __future__ import annotations

import uuid
from datetime import date

from shared.contracts.payments import PaymentReceivedV1, PaymentReversedV1
from shared.contracts.recovery import WriteOffApprovedV1
from shared.contracts.refunds import RefundIssuedV1
from shared.contracts.types import PaymentMethod
from shared.money import Money

from .support import OFFICER, key, new_tenancy, rows, run_debit
from .test_postings_from_events import publish, wait_for_postings

AUDITOR = ("a.auditor", "auditor")


async def adjust(billing, token, account: str, direction: str, amount: str, on: str) -> None:
    response = await billing.post(f"/accounts/{account}/adjustments", headers=token(*OFFICER) | key(), json={
        "direction": direction, "amount": amount, "reason_code": "other", "reason": "test", "effective_date": on})
    assert response.status_code == 201, response.text


async def test_statement_gives_opening_postings_and_closing_and_balance_as_at_any_date(billing, token):
    account = (await new_tenancy(billing, token, charges={"rent": "100.00"}))["account_ref"]
    for week in (1, 2, 3):
        await run_debit(billing, token, 2026, week)
    await adjust(billing, token, account, "credit", "150.00", "2026-04-15")

    response = await billing.get(f"/accounts/{account}/statement?date_from=2026-04-13&date_to=2026-04-19",
                                 headers=token(*AUDITOR))
    assert response.status_code == 200, response.text
    statement = response.json()
    assert (statement["opening_balance"], statement["debits"], statement["credits"],
            statement["closing_balance"]) == ("100.00", "100.00", "150.00", "50.00")
    assert [(p["posting_type"], p["amount"]) for p in statement["postings"]] == [
        ("charge", "100.00"), ("adjustment", "-150.00")]
    balance = await billing.get(f"/accounts/{account}/balance?as_at=2026-04-14", headers=token(*AUDITOR))
    assert balance.json()["balance"] == "200.00"
    bad = await billing.get(f"/accounts/{account}/statement?date_from=2026-05-01&date_to=2026-04-01",
                            headers=token(*AUDITOR))
    assert bad.status_code == 422


async def test_statement_totals_cover_the_whole_range_when_the_postings_are_cut_to_a_page(billing, token):
    account = (await new_tenancy(billing, token, charges={"rent": "100.00"}))["account_ref"]
    for week in (1, 2, 3):
        await run_debit(billing, token, 2026, week)
    await adjust(billing, token, account, "credit", "30.00", "2026-04-08")
    page = (await billing.get(f"/accounts/{account}/statement?date_from=2026-04-06&date_to=2026-04-26&limit=2",
                              headers=token(*AUDITOR))).json()
    assert [p["amount"] for p in page["postings"]] == ["100.00", "-30.00"]
    assert (page["opening_balance"], page["debits"], page["credits"], page["closing_balance"]) == (
        "0.00", "300.00", "30.00", "270.00")

    empty = await billing.get(f"/accounts/{account}/statement?date_from=2026-06-01&date_to=2026-06-30",
                              headers=token(*AUDITOR))
    assert empty.status_code == 200, empty.text
    assert (empty.json()["opening_balance"], empty.json()["debits"], empty.json()["credits"],
            empty.json()["closing_balance"], empty.json()["postings"]) == ("270.00", "0.00", "0.00", "270.00", [])

    missing = await billing.get("/accounts/99999999/statement?date_from=2026-04-06&date_to=2026-04-26",
                                headers=token(*AUDITOR))
    assert missing.status_code == 404
    assert missing.headers["content-type"].startswith("application/problem+json")


async def test_balance_bands_and_weekly_totals(billing, token):
    accounts = [(await new_tenancy(billing, token, charges={"rent": rent}))["account_ref"]
                for rent in ("80.00", "300.00", "90.00")]
    await run_debit(billing, token, 2026, 1)
    await adjust(billing, token, accounts[2], "credit", "100.00", "2026-04-08")
    bands = await billing.get("/reports/balance-bands?as_at=2026-04-12&bands=100&bands=250",
                              headers=token(*AUDITOR))
    assert bands.status_code == 200, bands.text
    assert [(b["band"], b["accounts"], b["total"]) for b in bands.json()] == [
        ("credit", 1, "-10.00"), ("nil", 0, "0.00"), ("0.00-100.00", 1, "80.00"), ("100.00-250.00", 0, "0.00"),
        ("over 250.00", 1, "300.00")]
    weeks = await billing.get("/reports/weekly-totals?rent_year=2026", headers=token(*AUDITOR))
    assert [(w["rent_week"], w["debits"], w["credits"], w["postings"]) for w in weeks.json()] == [
        (1, "470.00", "100.00", 4)]


async def test_year_end_close_reconciles_every_account_and_freezes_the_year(billing, token):
    first = (await new_tenancy(billing, token, start="2025-10-06", charges={"rent": "100.00"}))["account_ref"]
    second = (await new_tenancy(billing, token, start="2025-10-06", charges={"rent": "60.00"}))["account_ref"]
    await run_debit(billing, token, 2025, 27)  # 6-12 October 2025
    await adjust(billing, token, first, "credit", "40.00", "2025-11-01")
    await adjust(billing, token, second, "debit", "5.00", "2026-05-01")  # next year: not in 2025's figures

    closed = await billing.post("/rent-years/2025/year-end", headers=token("f.approver", "finance_approver"))
    assert closed.status_code == 201, closed.text
    report = closed.json()
    assert (report["accounts"], report["opening"], report["debits"], report["credits"], report["closing"],
            report["balanced"]) == (2, "0.00", "160.00", "40.00", "120.00", True)
    assert {c["posting_type"]: (c["debits"], c["credits"]) for c in report["control_totals"]} == {
        "adjustment": ("0.00", "40.00"), "charge": ("160.00", "0.00")}
    accounts = await billing.get("/rent-years/2025/year-end/accounts", headers=token(*AUDITOR))
    assert {a["account_ref"]: (a["opening"], a["debits"], a["credits"], a["closing"]) for a in accounts.json()} == {
        first: ("0.00", "100.00", "40.00", "60.00"), second: ("0.00", "60.00", "0.00", "60.00")}

    again = await billing.post("/rent-years/2025/year-end", headers=token("f.approver", "finance_approver"))
    assert again.status_code == 409
    late = await billing.post(f"/accounts/{first}/adjustments", headers=token(*OFFICER) | key(), json={
        "direction": "debit", "amount": "1.00", "reason_code": "other", "reason": "late",
        "effective_date": "2026-01-05"})
    assert late.status_code == 409
    run = await billing.post("/debit-runs", headers=token(*OFFICER), json={"rent_year": 2025, "rent_week": 30})
    assert run.status_code == 409
    open_year = await billing.post("/rent-years/2026/year-end", headers=token("f.approver", "finance_approver"))
    assert open_year.status_code == 422
    controls = await billing.get("/reports/control-totals?date_from=2026-04-06&date_to=2027-04-04",
                                 headers=token(*AUDITOR))
    assert [(c["posting_type"], c["net"]) for c in controls.json()] == [("adjustment", "5.00")]


FINANCE = ("f.approver", "finance_approver")


async def year_end_accounts(billing, token, rent_year: int) -> dict[str, dict]:
    found = await billing.get(f"/rent-years/{rent_year}/year-end/accounts", headers=token(*AUDITOR))
    assert found.status_code == 200, found.text
    return {a["account_ref"]: a for a in found.json()}


async def test_postings_dated_in_a_closed_year_take_effect_in_the_next_and_the_next_year_closes(
        billing, token, amqp_url):
    a, b, c = [(await new_tenancy(billing, token, start="2024-10-07", charges={"rent": "100.00"}))
               for _ in range(3)]
    for week in (28, 29):  # 7-20 October 2024
        await run_debit(billing, token, 2024, week)
    pending = await billing.post(f"/accounts/{a['account_ref']}/adjustments", headers=token(*OFFICER) | key(), json={
        "direction": "debit", "amount": "400.00", "reason_code": "other", "reason": "missed debit",
        "effective_date": "2024-11-01"})
    assert pending.status_code == 202, pending.text
    closed = await billing.post("/rent-years/2024/year-end", headers=token(*FINANCE))
    assert closed.status_code == 201, closed.text
    before = await year_end_accounts(billing, token, 2024)

    # Everything that arrives late, dated in 2024: income and money out by event, an
    # approval, a backdated rent change and a backdated termination.
    for event in (
        PaymentReceivedV1(payment_id=uuid.uuid4(), account_ref=b["account_ref"], amount=Money("60.00"),
                          method=PaymentMethod.CASH, channel="paypoint", received_on=date(2024, 12, 2),
                          external_id="T-late", source="file:x:1"),
        PaymentReversedV1(reversal_id=uuid.uuid4(), account_ref=b["account_ref"], amount=Money("25.00"),
                          method=PaymentMethod.DIRECT_DEBIT, reason_code="ARUDD-0", reason="refer to payer",
                          reversed_on=date(2024, 12, 20), source="file:y:1"),
        WriteOffApprovedV1(write_off_id=uuid.uuid4(), account_ref=b["account_ref"], amount=Money("12.34"),
                           reason="small balance", proposed_by="i.officer", approved_by="s.officer",
                           approved_on=date(2025, 2, 3)),
        RefundIssuedV1(refund_id=uuid.uuid4(), account_ref=c["account_ref"], amount=Money("40.00"), payee="tenant",
                       paid_on=date(2025, 1, 6), batch_id=uuid.uuid4(), reason="credit balance"),
    ):
        await publish(billing, amqp_url, event)
    await wait_for_postings(billing, 10)
    approved = await billing.post(f"/adjustments/{pending.json()['adjustment_id']}/approve",
                                  headers=token("s.officer", "senior_officer") | key(), json={"note": "checked"})
    assert approved.status_code == 200, approved.text
    changed = await billing.post(f"/accounts/{c['account_ref']}/charges", headers=token(*OFFICER) | key(), json={
        "effective_from": "2024-10-14", "reason": "rent review correction",
        "charges": [{"charge_type": "rent", "weekly_amount": "110.00"}]})
    assert changed.status_code == 200, changed.text
    ended = await billing.post(f"/tenancies/{a['tenancy_ref']}/terminate", headers=token(*OFFICER) | key(),
                               json={"end_date": "2024-10-16", "reason": "notice given"})
    assert ended.status_code == 200, ended.text

    late = await rows(billing.app, "SELECT posting_type, effective_date, rent_year, rent_week, reason FROM posting "
                                   "WHERE source_key NOT LIKE 'debit:%' ORDER BY account_seq")
    assert len(late) == 7
    assert {r.effective_date for r in late} == {date(2025, 4, 7)}  # the first day of rent year 2025
    assert all("in closed rent year 2024" in r.reason and "dated 202" in r.reason for r in late), late
    # A charge keeps the week it is for (re-pricing and the debit reconciliation see it there).
    assert sorted((r.rent_year, r.rent_week) for r in late if r.posting_type == "charge") == [(2024, 29)] * 2
    assert {(r.rent_year, r.rent_week) for r in late if r.posting_type != "charge"} == {(2025, 1)}
    assert await year_end_accounts(billing, token, 2024) == before
    for ref, closing in ((ref, row["closing"]) for ref, row in before.items()):
        balance = await billing.get(f"/accounts/{ref}/balance?as_at=2025-04-06", headers=token(*AUDITOR))
        assert balance.json()["balance"] == closing

    first_week = await run_debit(billing, token, 2025, 1)
    assert first_week["amount_posted"] == "210.00"  # b 100 and c 110: the moved re-pricing is for 2024 wk 29
    report = (await billing.get(f"/debit-runs/{first_week['run_id']}/reconciliation", headers=token(*OFFICER))).json()
    assert report["reconciled"] is True, report

    next_year = await billing.post("/rent-years/2025/year-end", headers=token(*FINANCE))
    assert next_year.status_code == 201, next_year.text
    assert next_year.json()["balanced"] is True
    after = await year_end_accounts(billing, token, 2025)
    assert {ref: row["opening"] for ref, row in after.items()} == {ref: row["closing"] for ref, row in before.items()}
    for ref, row in after.items():
        balance = await billing.get(f"/accounts/{ref}/balance?as_at=2026-04-05", headers=token(*AUDITOR))
        assert balance.json()["balance"] == row["closing"]


async def test_an_officer_limited_to_other_patches_cannot_read_or_adjust_the_account(billing, token, dev_issuer):
    account = (await new_tenancy(billing, token, patch="LS01"))["account_ref"]
    elsewhere = {"Authorization": f"Bearer {dev_issuer.mint('p.officer', ['rent_officer'], patches=['N9'])}"}
    assert (await billing.get(f"/accounts/{account}", headers=elsewhere)).status_code == 403
    assert (await billing.get(f"/accounts/{account}/statement?date_from=2026-04-06&date_to=2026-04-12",
                              headers=elsewhere)).status_code == 403
    response = await billing.post(f"/accounts/{account}/adjustments", headers=elsewhere | key(), json={
        "direction": "credit", "amount": "1.00", "reason_code": "other", "reason": "x"})
    assert response.status_code == 403
    mine = {"Authorization": f"Bearer {dev_issuer.mint('p.officer', ['rent_officer'], patches=['LS01'])}"}
    assert (await billing.get(f"/accounts/{account}", headers=mine)).status_code == 200
