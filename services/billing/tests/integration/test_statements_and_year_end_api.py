"""Statements, balance as at a date, balance bands, weekly totals, control totals and
the year-end close with its reconciliation."""

from __future__ import annotations

from .support import OFFICER, key, new_tenancy, run_debit

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
