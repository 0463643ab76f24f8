"""A leaseholder is never charged twice: a leased account's weekly schedule takes no
service charge or ground rent (its lease invoices them), a lease is refused over a weekly
one in force, and the weekly debit (and the re-pricing of weeks a backdated change
brings) leaves out any such charge an older schedule still holds. A lease that starts
during the service charge year pays its days of the estimate, to the penny."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text

from .leasehold_support import (
    LEASEHOLD,
    invoice_estimate,
    leasehold_account,
    open_leasehold,
    put_lease,
)
from .support import OFFICER, SENIOR, events, future_rent_year, key, new_tenancy, rows, run_debit, scalar

QUARTERS = ["2026-04-01", "2026-07-01", "2026-10-01", "2027-01-01"]
YEAR = QUARTERS[0]


async def leased(billing, token, opened_on: str = "2026-04-01", scheme: str | None = None,
                 ground_rent: str = "0.00") -> str:
    return await leasehold_account(billing, token, scheme=scheme or f"BLK-{uuid.uuid4().hex[:6]}",
                                   ground_rent=ground_rent, opened_on=opened_on)


async def legacy_lease(billing, ref: str, starts_on: str) -> None:
    """A lease recorded over a weekly charge before billing refused one."""
    async with billing.app.state.runtime.session_factory() as session, session.begin():
        await session.execute(text("INSERT INTO lease (account_ref, scheme_ref, share, starts_on, updated_by) "
                                   "VALUES (:r, 'BLK-OLD', 1, :starts, 'legacy')"),
                              {"r": ref, "starts": date.fromisoformat(starts_on)})


async def change(billing, token, ref: str, effective_from: str, charges: dict[str, str]):
    return await billing.post(f"/accounts/{ref}/charges", headers=token(*SENIOR) | key(), json={
        "effective_from": effective_from, "reason": "charges",
        "charges": [{"charge_type": t, "weekly_amount": a} for t, a in charges.items()]})


async def test_a_weekly_charge_a_leased_accounts_lease_invoices_is_refused_naming_the_account_and_charge(
        billing, token):
    ref = await leased(billing, token)
    for charge_type in ("service_charge", "ground_rent"):
        refused = await change(billing, token, ref, "2026-04-06", {charge_type: "5.00"})
        assert refused.status_code == 422
        assert refused.headers["content-type"] == "application/problem+json"
        problem = refused.json()
        assert problem["type"] == "urn:rent:problem:chargedbylease"
        assert f"account {ref} has a lease from 2026-04-01, which invoices its {charge_type}" in problem["detail"]
    allowed = await change(billing, token, ref, "2026-04-06", {"heating": "4.00"})
    assert allowed.status_code == 200, allowed.text
    assert [c["charge_type"] for c in allowed.json()] == ["heating"]


async def test_a_lease_over_a_weekly_service_charge_in_force_is_refused_until_the_charge_ends(billing, token):
    ref = await open_leasehold(billing, token, "2026-04-06", {"service_charge": "6.00"})
    scheme = f"BLK-{uuid.uuid4().hex[:6]}"
    refused = await put_lease(billing, token, ref, scheme)
    assert refused.status_code == 422
    assert refused.json()["type"] == "urn:rent:problem:chargedbylease"
    assert (f"account {ref} has a weekly service_charge charge from 2026-04-06 with no end, which a lease from "
            "2026-04-06 would invoice as well") in refused.json()["detail"]

    ended = await change(billing, token, ref, "2026-06-01", {"service_charge": "0.00"})
    assert ended.status_code == 200, ended.text
    overlapping = await put_lease(billing, token, ref, scheme, starts_on="2026-05-31")
    assert overlapping.status_code == 422
    assert "to 2026-05-31" in overlapping.json()["detail"]
    before_opening = await put_lease(billing, token, ref, scheme, starts_on="2026-04-01")
    assert before_opening.status_code == 422
    assert "before account" in before_opening.json()["detail"]
    assert (await put_lease(billing, token, ref, scheme, starts_on="2026-06-01")).status_code == 204
    assert str(await scalar(billing.app, "SELECT starts_on FROM lease WHERE account_ref = :r", r=ref)) == "2026-06-01"


async def test_the_weekly_debit_leaves_out_what_the_lease_invoices_from_the_day_it_starts(billing, token):
    # A schedule from before the checks: a weekly service charge on an account whose lease
    # then started on Wednesday 15 April 2026 (rent week 2).
    ref = await open_leasehold(billing, token, "2026-04-06", {"service_charge": "7.00", "heating": "3.50"})
    await legacy_lease(billing, ref, "2026-04-15")
    for week in (1, 2, 3):
        run = await run_debit(billing, token, 2026, week)
        report = (await billing.get(f"/debit-runs/{run['run_id']}/reconciliation", headers=token(*OFFICER))).json()
        assert report["reconciled"] is True, report
    posted = await rows(billing.app, "SELECT rent_week, charge_type, amount FROM posting WHERE account_ref = :r "
                                     "ORDER BY account_seq", r=ref)
    assert [(p.rent_week, p.charge_type, str(p.amount)) for p in posted] == [
        (1, "heating", "3.50"), (1, "service_charge", "7.00"),
        (2, "heating", "3.50"), (2, "service_charge", "2.00"),  # Monday and Tuesday, before the lease
        (3, "heating", "3.50")]

    # Re-pricing the weeks a backdated change brings leaves the service charge out too.
    response = await change(billing, token, ref, "2026-04-13", {"heating": "4.20"})
    assert response.status_code == 200, response.text
    corrections = await rows(billing.app, "SELECT rent_week, charge_type, amount FROM posting "
                                          "WHERE account_ref = :r AND source LIKE 'charge-change:%' "
                                          "ORDER BY rent_week", r=ref)
    assert [(p.rent_week, p.charge_type, str(p.amount)) for p in corrections] == [
        (2, "heating", "0.70"), (3, "heating", "0.70")]


async def test_a_backdated_weekly_charge_on_a_leased_account_leaves_its_invoices_alone(billing, token):
    scheme = f"BLK-{uuid.uuid4().hex[:6]}"
    ref = await leased(billing, token, scheme=scheme)
    await invoice_estimate(billing, token, scheme, YEAR, "1000.00", ["2026-07-01"])
    response = await change(billing, token, ref, "2026-04-06", {"heating": "2.00"})
    assert response.status_code == 200, response.text
    # No week was debited: nothing to re-price (the invoice is not a week's schedule).
    posted = await rows(billing.app, "SELECT charge_type, amount FROM posting WHERE account_ref = :r", r=ref)
    assert [(p.charge_type, str(p.amount)) for p in posted] == [("service_charge", "1000.00")]


async def test_a_lease_that_starts_during_the_year_is_invoiced_and_balanced_on_its_days(billing, token):
    scheme = f"BLK-{uuid.uuid4().hex[:6]}"
    whole = await leased(billing, token, "2026-04-01", scheme)
    sold = await leased(billing, token, "2026-09-14", scheme)  # the lease starts the day its account opens
    await invoice_estimate(billing, token, scheme, YEAR, "2400.00", QUARTERS)
    found = await rows(billing.app, "SELECT account_ref, amount, due_date, lines FROM service_charge_invoice "
                                    "ORDER BY account_ref, due_date")
    assert [str(i.amount) for i in found if i.account_ref == whole] == ["300.00"] * 4
    # £1,200.00 for 14 September to 31 March, 199 of 365 days: £654.25, over the two
    # instalments due after the lease started.
    mid = [i for i in found if i.account_ref == sold]
    assert [(str(i.due_date), str(i.amount)) for i in mid] == [("2026-10-01", "327.13"), ("2027-01-01", "327.12")]
    assert "199 of 365 days, the lease from 2026-09-14" in mid[0].lines[0]["description"]
    invoiced = [e for e in await events(billing.app, "ServiceChargeInvoiced") if e["account_ref"] == sold]
    assert [e["amount"] for e in invoiced] == ["327.13", "327.12"]

    response = await billing.post(f"/leasehold/schemes/{scheme}/estimates/{YEAR}/balancing",
                                  headers=token(*LEASEHOLD) | key(),
                                  json={"actual_costs": [{"heading": "all", "amount": "3000.00"}],
                                        "due_date": "2027-07-01"})
    assert response.status_code == 201, response.text
    result = {r["account_ref"]: (r["estimate_invoiced"], r["actual_share"], r["balancing"]) for r in response.json()}
    # £1,500.00 of the actual cost for 199 days = 817.808... -> 817.81
    assert result == {whole: ("1200.00", "1500.00", "300.00"), sold: ("654.25", "817.81", "163.56")}
    balances = {r.account_ref: str(r.balance) for r in await rows(billing.app, "SELECT account_ref, balance "
                                                                               "FROM account")}
    assert balances == {whole: "1500.00", sold: "817.81"}


async def test_ground_rent_for_a_lease_that_starts_during_the_period_is_from_its_start(billing, token):
    scheme = f"BLK-{uuid.uuid4().hex[:6]}"
    whole = await leased(billing, token, "2026-04-01", scheme, ground_rent="250.00")
    sold = await leased(billing, token, "2026-07-01", scheme, ground_rent="250.00")
    await leased(billing, token, "2026-10-01", scheme, ground_rent="250.00")  # after the period
    response = await billing.post(f"/leasehold/schemes/{scheme}/ground-rent", headers=token(*LEASEHOLD) | key(),
                                  json={"period_from": "2026-04-01", "period_to": "2026-09-30",
                                        "due_date": "2026-04-01"})
    assert response.status_code == 201, response.text
    # 183 days for the whole period; 92 (1 July to 30 September) of 365 days of £250.00 = 63.01
    assert {(i["account_ref"], i["amount"], i["period_from"], i["due_date"]) for i in response.json()} == {
        (whole, "125.34", "2026-04-01", "2026-04-01"), (sold, "63.01", "2026-07-01", "2026-07-01")}


async def test_a_leases_start_does_not_move_under_invoices_raised_on_it(billing, token):
    scheme = f"BLK-{uuid.uuid4().hex[:6]}"
    ref = await leased(billing, token, "2026-04-01", scheme)
    assert (await put_lease(billing, token, ref, scheme, starts_on="2026-05-01")).status_code == 204
    assert (await put_lease(billing, token, ref, scheme, share="2")).status_code == 204  # keeps its start
    assert str(await scalar(billing.app, "SELECT starts_on FROM lease WHERE account_ref = :r", r=ref)) == "2026-05-01"
    await invoice_estimate(billing, token, scheme, YEAR, "100.00", [YEAR])
    moved = await put_lease(billing, token, ref, scheme, starts_on="2026-04-01")
    assert moved.status_code == 409
    assert "started on 2026-05-01" in moved.json()["detail"]


async def test_the_review_gives_a_leased_account_no_weekly_charge_its_lease_invoices(billing, token):
    year = future_rent_year()
    tenancy = await new_tenancy(billing, token, charges={"rent": "100.00", "service_charge": "10.00"})
    ref = await open_leasehold(billing, token, "2026-04-06", {"service_charge": "8.00"})
    await legacy_lease(billing, ref, "2026-04-06")
    review = await billing.post("/rent-reviews", headers=token(*OFFICER), json={
        "rent_year": year, "kind": "percentage", "uplift_percent": {"service_charge": "3"}, "reason": "review"})
    assert review.status_code == 201, review.text
    assert review.json()["rejected_lines"] == [{
        "line": None, "account_ref": ref,
        "reason": "account has a lease from 2026-04-06, which invoices its service_charge: "
                  "no weekly service_charge charge"}]
    lines = (await billing.get(f"/rent-reviews/{review.json()['review_id']}/lines", headers=token(*OFFICER))).json()
    assert [(ln["account_ref"], ln["new_amount"]) for ln in lines] == [(tenancy["account_ref"], "10.30")]


async def test_a_review_commit_is_refused_when_a_lease_was_set_since_the_preview_gave_its_service_charge(
        billing, token):
    year = future_rent_year()
    ref = await open_leasehold(billing, token, "2026-04-06")
    data = f"account_ref,charge_type,weekly_amount\n{ref},service_charge,9.00\n".encode()
    review = await billing.post(f"/rent-reviews/file?rent_year={year}&reason=new%20charges",
                                headers=token(*OFFICER), files={"file": ("charges.csv", data, "text/csv")})
    assert review.status_code == 201, review.text
    assert (await put_lease(billing, token, ref, f"BLK-{uuid.uuid4().hex[:6]}")).status_code == 204
    committed = await billing.post(f"/rent-reviews/{review.json()['review_id']}/commit",
                                   headers=token(*SENIOR) | key())
    assert committed.status_code == 409
    assert ref in committed.json()["detail"] and "lease" in committed.json()["detail"]
    assert await scalar(billing.app, "SELECT count(*) FROM charge WHERE account_ref = :r", r=ref) == 0

