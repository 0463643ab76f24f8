"""The console's account page from billing's API on a real database: the overview (tenancy and
tenants, home, balance, charges in force and their history), the statement a page at a time
and as a CSV download, with patch access."""

from __future__ import annotations

import csv
import io

from .support import OFFICER, key, new_tenancy

AUDITOR = ("a.auditor", "auditor")


async def adjust(billing, token, account: str, direction: str, amount: str, on: str) -> None:
    response = await billing.post(f"/accounts/{account}/adjustments", headers=token(*OFFICER) | key(), json={
        "direction": direction, "amount": amount, "reason_code": "other", "reason": "test", "effective_date": on})
    assert response.status_code == 201, response.text


async def test_the_overview_shows_tenancy_tenants_home_balance_and_charges_in_force_with_their_history(
        billing, token):
    home = await new_tenancy(billing, token, charges={"rent": "100.00", "service_charge": "5.00"}, tenants=2)
    account = home["account_ref"]
    response = await billing.post(f"/accounts/{account}/charges", headers=token(*OFFICER) | key(), json={
        "effective_from": "2026-06-01", "reason": "new service charge",
        "charges": [{"charge_type": "rent", "weekly_amount": "100.00"},
                    {"charge_type": "service_charge", "weekly_amount": "7.50"}]})
    assert response.status_code == 200, response.text
    await adjust(billing, token, account, "debit", "12.34", "2026-04-10")

    before = (await billing.get(f"/accounts/{account}/overview?as_at=2026-05-01", headers=token(*OFFICER))).json()
    assert before["account"]["account_ref"] == account and before["balance"] == "12.34"
    assert before["tenancy"] | {"tenants": None} == {
        "tenancy_ref": home["tenancy_ref"], "tenure": "secure", "start_date": "2026-04-06", "end_date": None,
        "end_reason": None, "tenants": None}
    assert [(t["name"], t["is_lead"]) for t in before["tenancy"]["tenants"]] == [("Tenant 0", True),
                                                                                ("Tenant 1", False)]
    assert before["property"]["address"] == ["1 High Street", "Leeds"] and before["property"]["postcode"] == "LS1 4AP"
    assert {(c["charge_type"], c["weekly_amount"]) for c in before["charges_in_force"]} == {
        ("rent", "100.00"), ("service_charge", "5.00")}
    assert before["weekly_charge"] == "105.00"
    after = (await billing.get(f"/accounts/{account}/overview?as_at=2026-06-01", headers=token(*OFFICER))).json()
    assert after["weekly_charge"] == "107.50"
    history = [(c["charge_type"], c["weekly_amount"], c["effective_from"]) for c in after["charge_history"]]
    assert history[0] == ("service_charge", "7.50", "2026-06-01")
    assert ("service_charge", "5.00", "2026-04-06") in history


async def test_the_statement_pages_keep_the_whole_periods_totals_and_count(billing, token):
    account = (await new_tenancy(billing, token))["account_ref"]
    for amount, on in (("10.00", "2026-04-07"), ("20.00", "2026-04-08"), ("30.00", "2026-04-09")):
        await adjust(billing, token, account, "debit", amount, on)
    url = f"/accounts/{account}/statement?date_from=2026-04-06&date_to=2026-04-30&limit=2"
    first = (await billing.get(url, headers=token(*AUDITOR))).json()
    second = (await billing.get(url + "&offset=2", headers=token(*AUDITOR))).json()
    assert [p["amount"] for p in first["postings"]] == ["10.00", "20.00"]
    assert [p["amount"] for p in second["postings"]] == ["30.00"]
    assert first["total_postings"] == second["total_postings"] == 3 and second["offset"] == 2
    assert first["debits"] == second["debits"] == "60.00" and second["closing_balance"] == "60.00"
    bad = await billing.get(url + "&offset=-1", headers=token(*AUDITOR))
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"] == ["query", "offset"]


async def test_the_statement_downloads_as_csv_with_opening_each_posting_and_closing(billing, token):
    account = (await new_tenancy(billing, token))["account_ref"]
    await adjust(billing, token, account, "debit", "50.00", "2026-04-07")
    await adjust(billing, token, account, "credit", "20.00", "2026-04-20")
    response = await billing.get(f"/accounts/{account}/statement.csv?date_from=2026-04-10&date_to=2026-04-30",
                                 headers=token(*OFFICER))
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert f"statement-{account}-2026-04-10-2026-04-30.csv" in response.headers["content-disposition"]
    lines = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["posting_type"], r["debit"], r["credit"], r["balance_after"]) for r in lines] == [
        ("opening_balance", "", "", "50.00"), ("adjustment", "", "20.00", "30.00"),
        ("closing_balance", "0.00", "20.00", "30.00")]
    bad = await billing.get(f"/accounts/{account}/statement.csv?date_from=2026-05-01&date_to=2026-04-01",
                            headers=token(*OFFICER))
    assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
    assert bad.json()["errors"][0]["loc"] == ["query", "date_from"]


async def test_the_account_page_keeps_to_the_callers_patches(billing, token, dev_issuer):
    account = (await new_tenancy(billing, token, patch="LS01"))["account_ref"]
    elsewhere = {"Authorization": f"Bearer {dev_issuer.mint('p.officer', ['rent_officer'], patches=['N9'])}"}
    for path in (f"/accounts/{account}/overview",
                 f"/accounts/{account}/statement.csv?date_from=2026-04-06&date_to=2026-04-30"):
        assert (await billing.get(path, headers=elsewhere)).status_code == 403, path
    assert (await billing.get("/accounts/99999999/overview", headers=token(*OFFICER))).status_code == 404
