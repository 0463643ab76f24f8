"""The rent roll, debit summary by charge type and leasehold invoice run summary, as JSON
and as CSV downloads, with figures that equal the ledger's."""

from __future__ import annotations

import csv
import io

from shared.money import Money

from .leasehold_support import LEASEHOLD, leasehold_account
from .support import OFFICER, key, new_tenancy, run_debit, scalar


async def test_rent_roll_lists_accounts_open_on_the_date_with_their_charges_and_balance(billing, token):
    first = (await new_tenancy(billing, token, charges={"rent": "100.00", "water": "8.50"}))["account_ref"]
    later = (await new_tenancy(billing, token, start="2026-06-01", patch="LS02"))["account_ref"]
    await run_debit(billing, token, 2026, 1)
    roll = (await billing.get("/reports/rent-roll?as_at=2026-04-12", headers=token(*OFFICER))).json()
    assert [(r["account_ref"], r["charges"], r["weekly_total"], r["balance"]) for r in roll] == [
        (first, {"rent": "100.00", "water": "8.50"}, "108.50", "108.50")]
    response = await billing.get("/reports/rent-roll?as_at=2026-06-01&format=csv&patch=LS02", headers=token(*OFFICER))
    assert response.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(response.text)))
    assert [(r["account_ref"], r["weekly_total"], r["charges"]) for r in table] == [(later, "100.00", "rent=100.00")]


async def test_debit_summary_by_charge_type_equals_the_charge_postings(billing, token):
    await new_tenancy(billing, token, charges={"rent": "100.00", "water": "8.50", "heating": "3.25"})
    await new_tenancy(billing, token, charges={"rent": "91.10", "water": "7.00"})
    for week in (1, 2):
        await run_debit(billing, token, 2026, week)
    summary = (await billing.get("/reports/debit-summary?date_from=2026-04-06&date_to=2026-04-19",
                                 headers=token(*OFFICER))).json()
    assert [(r["charge_type"], r["accounts"], r["postings"], str(r["net"])) for r in summary] == [
        ("heating", 1, 2, "6.50"), ("rent", 2, 4, "382.20"), ("water", 2, 4, "31.00")]
    total = await scalar(billing.app, "SELECT sum(amount) FROM posting WHERE posting_type = 'charge'")
    assert sum(Money(r["net"]) for r in summary) == Money(total)
    csv_text = (await billing.get("/reports/debit-summary?date_from=2026-04-06&date_to=2026-04-19&format=csv",
                                  headers=token(*OFFICER))).text
    assert csv_text.splitlines()[0] == "charge_type,postings,accounts,debits,reductions,net"
    bad = await billing.get("/reports/debit-summary?date_from=2026-05-01&date_to=2026-04-01", headers=token(*OFFICER))
    assert bad.status_code == 422


async def test_leasehold_invoice_run_summary_totals_each_run(billing, token):
    refs = [await leasehold_account(billing, token, scheme="BLK-R", share=s) for s in ("1", "2")]
    headers = token(*LEASEHOLD)
    await billing.post("/leasehold/schemes/BLK-R/estimates", headers=headers, json={
        "year_start": "2026-04-01", "estimated_cost": "3000.00", "due_dates": ["2026-04-01", "2026-10-01"]})
    await billing.post("/leasehold/schemes/BLK-R/estimates/2026-04-01/instalments/1/invoices", headers=headers | key())
    runs = (await billing.get("/reports/leasehold-invoice-runs", headers=token(*OFFICER))).json()
    assert [(r["run_ref"], r["invoice_type"], r["invoices"], r["net"]) for r in runs] == [
        ("estimate:BLK-R:2026-04-01:1", "estimate", 2, "1500.00")]
    assert len(refs) == 2
    csv_text = (await billing.get("/reports/leasehold-invoice-runs?format=csv", headers=token(*OFFICER))).text
    assert "estimate:BLK-R:2026-04-01:1,estimate,BLK-R,2,1500.00" in csv_text
