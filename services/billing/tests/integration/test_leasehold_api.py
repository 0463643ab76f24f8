"""Leasehold service charges through the API: the estimate invoiced in instalments, the
year-end balancing charge or credit to the penny, the Section 20 guard on major works,
ground rent, and ServiceChargeInvoiced with the postings."""

from __future__ import annotations

import uuid

from shared.money import Money

from .leasehold_support import LEASEHOLD, invoice_estimate, leasehold_account
from .support import events, key, rows, scalar

YEAR = "2026-04-01"
QUARTERS = ["2026-04-01", "2026-07-01", "2026-10-01", "2027-01-01"]


async def scheme_with_leases(billing, token, shares: list[str], ground_rent: str = "0.00") -> tuple[str, list[str]]:
    scheme = f"BLK-{uuid.uuid4().hex[:6]}"
    refs = [await leasehold_account(billing, token, scheme=scheme, share=s, ground_rent=ground_rent) for s in shares]
    return scheme, refs


async def test_estimate_instalments_then_year_end_balancing_to_the_penny(billing, token):
    scheme, (a, b, c) = await scheme_with_leases(billing, token, ["1", "1", "1"])
    headers = token(*LEASEHOLD)
    await invoice_estimate(billing, token, scheme, YEAR, "3600.01", QUARTERS)
    estimate = {r.account_ref: r.total for r in await rows(
        billing.app, "SELECT account_ref, sum(amount) AS total FROM posting GROUP BY account_ref")}
    assert sorted(map(str, estimate.values())) == ["1200.00", "1200.00", "1200.01"]
    assert str(sum(estimate.values())) == "3600.01"

    response = await billing.post(f"/leasehold/schemes/{scheme}/estimates/{YEAR}/balancing", headers=headers | key(),
                                  json={"actual_costs": [{"heading": "cleaning", "amount": "1500.00"},
                                                         {"heading": "repairs", "amount": "2400.05"}],
                                        "due_date": "2027-07-01"})
    assert response.status_code == 201, response.text
    result = {r["account_ref"]: r for r in response.json()}
    for ref in (a, b, c):
        line = result[ref]
        assert Money(line["balancing"]) == Money(line["actual_share"]) - Money(line["estimate_invoiced"])
        assert Money(line["estimate_invoiced"]) == Money(estimate[ref])
    balances = [str(r.balance) for r in await rows(billing.app, "SELECT balance FROM account")]
    assert sorted(balances) == ["1300.01", "1300.02", "1300.02"]  # 3900.05 by thirds
    assert str(await scalar(billing.app, "SELECT sum(amount) FROM posting")) == "3900.05"
    invoiced = await events(billing.app, "ServiceChargeInvoiced")
    assert [e["invoice_type"] for e in invoiced].count("balancing") == 3
    assert await scalar(billing.app, "SELECT count(*) FROM outbox WHERE event_type = 'AccountPosted'") == 15

    again = await billing.post(f"/leasehold/schemes/{scheme}/estimates/{YEAR}/balancing", headers=headers | key(),
                               json={"actual_costs": [{"heading": "x", "amount": "1.00"}], "due_date": "2027-07-01"})
    assert again.status_code == 409


async def test_an_estimate_lower_than_the_actual_cost_gives_a_credit(billing, token):
    scheme, refs = await scheme_with_leases(billing, token, ["2", "1"])
    headers = token(*LEASEHOLD)
    await invoice_estimate(billing, token, scheme, YEAR, "900.00", [YEAR])
    response = await billing.post(f"/leasehold/schemes/{scheme}/estimates/{YEAR}/balancing", headers=headers | key(),
                                  json={"actual_costs": [{"heading": "all", "amount": "800.00"}],
                                        "due_date": "2027-07-01"})
    assert [(r["account_ref"], r["estimate_invoiced"], r["actual_share"], r["balancing"]) for r in response.json()] == [
        (refs[0], "600.00", "533.33", "-66.67"), (refs[1], "300.00", "266.67", "-33.33")]
    credits = await rows(billing.app, "SELECT amount FROM posting WHERE amount < 0 ORDER BY amount")
    assert [str(r.amount) for r in credits] == ["-66.67", "-33.33"]


async def test_balancing_before_every_instalment_is_invoiced_is_refused(billing, token):
    scheme, _ = await scheme_with_leases(billing, token, ["1"])
    headers = token(*LEASEHOLD)
    await invoice_estimate(billing, token, scheme, YEAR, "400.00", QUARTERS[:2], instalments=1)
    response = await billing.post(f"/leasehold/schemes/{scheme}/estimates/{YEAR}/balancing", headers=headers | key(),
                                  json={"actual_costs": [{"heading": "all", "amount": "1.00"}],
                                        "due_date": "2027-07-01"})
    assert response.status_code == 409
    assert "instalment(s) [2]" in response.json()["detail"]


async def test_an_instalment_invoiced_twice_posts_once(billing, token):
    scheme, _ = await scheme_with_leases(billing, token, ["1", "3"])
    headers = token(*LEASEHOLD)
    await billing.post(f"/leasehold/schemes/{scheme}/estimates", headers=headers, json={
        "year_start": YEAR, "estimated_cost": "1000.00", "due_dates": [YEAR]})
    url = f"/leasehold/schemes/{scheme}/estimates/{YEAR}/instalments/1/invoices"
    first = await billing.post(url, headers=headers | key())
    second = await billing.post(url, headers=headers | key())
    assert len(first.json()) == 2 and second.json() == []
    assert await scalar(billing.app, "SELECT count(*) FROM posting") == 2


async def test_major_works_over_250_per_leaseholder_need_a_section_20_consultation(billing, token):
    scheme, refs = await scheme_with_leases(billing, token, ["1", "1"])
    headers = token(*LEASEHOLD)
    works = {"scheme_ref": scheme, "works_ref": f"MW-{uuid.uuid4().hex[:6]}", "description": "roof renewal",
             "cost": "12000.00", "due_date": "2026-12-01"}
    refused = await billing.post("/leasehold/major-works", headers=headers | key(), json=works)
    assert refused.status_code == 422
    assert "no Section 20 consultation" in refused.json()["detail"] and "£250.00" in refused.json()["detail"]
    assert await scalar(billing.app, "SELECT count(*) FROM posting") == 0

    small = await billing.post("/leasehold/major-works", headers=headers | key(),
                               json=works | {"works_ref": "MW-SMALL", "cost": "500.00"})
    assert small.status_code == 201, small.text  # £250.00 each: at the limit, no consultation needed

    recorded = await billing.post("/leasehold/section20-consultations", headers=headers, json={
        "works_ref": works["works_ref"], "scheme_ref": scheme, "description": "roof renewal",
        "notice_of_intention_on": "2026-01-05", "estimates_notice_on": "2026-03-02", "completed_on": "2026-04-06"})
    assert recorded.status_code == 201, recorded.text
    invoiced = await billing.post("/leasehold/major-works", headers=headers | key(), json=works)
    assert invoiced.status_code == 201, invoiced.text
    assert {(i["account_ref"], i["amount"], i["works_ref"]) for i in invoiced.json()} == {
        (ref, "6000.00", works["works_ref"]) for ref in refs}
    types = [e["invoice_type"] for e in await events(billing.app, "ServiceChargeInvoiced")]
    assert types == ["major_works"] * 4


async def test_ground_rent_is_invoiced_per_lease_for_the_period(billing, token):
    scheme, refs = await scheme_with_leases(billing, token, ["1", "1"], ground_rent="250.00")
    response = await billing.post(f"/leasehold/schemes/{scheme}/ground-rent", headers=token(*LEASEHOLD) | key(),
                                  json={"period_from": "2026-04-01", "period_to": "2026-09-30",
                                        "due_date": "2026-04-01"})
    assert response.status_code == 201, response.text
    # 183 of 365 days of £250.00 = 125.342..., to the penny
    assert {(i["account_ref"], i["amount"], i["invoice_type"]) for i in response.json()} == {
        (ref, "125.34", "ground_rent") for ref in refs}
    posted = await rows(billing.app, "SELECT charge_type, amount FROM posting")
    assert {(p.charge_type, str(p.amount)) for p in posted} == {("ground_rent", "125.34")}


async def test_a_lease_needs_a_leasehold_account(billing, token):
    response = await billing.post("/accounts", headers=token(*LEASEHOLD), json={
        "account_type": "garage", "opened_on": "2026-04-01", "person_ids": ["PER-1"], "reason": "garage let"})
    ref = response.json()["account_ref"]
    refused = await billing.put(f"/leasehold/leases/{ref}", headers=token(*LEASEHOLD),
                                json={"scheme_ref": "BLK-1", "share": "1", "reason": "x"})
    assert refused.status_code == 422
    assert "not leasehold" in refused.json()["detail"]
