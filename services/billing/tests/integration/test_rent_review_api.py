"""The annual rent review through the API: preview with a cap, commit from the first week
of April with RentVaried per account, a late commit refused, a stale preview refused, and
a file of new rents with its rejected lines."""

from __future__ import annotations

from datetime import date, timedelta

from shared.calendar import RentYear, rent_year_of

from .support import OFFICER, SENIOR, events, future_rent_year, key, new_tenancy, rows


async def preview(billing, token, rent_year: int, **policy):
    body = {"rent_year": rent_year, "kind": "percentage", "uplift_percent": {"rent": "10"}, "cap_percent": "7.7",
            "reason": "annual review", **policy}
    response = await billing.post("/rent-reviews", headers=token(*OFFICER), json=body)
    assert response.status_code == 201, response.text
    return response.json()


async def test_commit_applies_the_capped_rents_from_the_first_week_of_april_and_publishes_rent_varied(billing, token):
    year = future_rent_year()
    starts = RentYear(year).starts
    capped = await new_tenancy(billing, token, charges={"rent": "95.55", "water": "5.00"})
    small = await new_tenancy(billing, token, charges={"rent": "50.00"})
    review = await preview(billing, token, year, uplift_percent={"rent": "10", "water": "2"}, outlier_percent="9")
    assert review["status"] == "preview"
    assert review["effective_from"] == str(starts)
    assert review["totals"]["capped"] == 2 and review["totals"]["accounts"] == 2
    assert review["totals"]["new_weekly"] == "161.85"  # 102.90 + 53.85 + 5.10 water
    only_capped = await billing.get(f"/rent-reviews/{review['review_id']}/lines?only=capped", headers=token(*OFFICER))
    assert {(ln["account_ref"], ln["new_amount"]) for ln in only_capped.json()} == {
        (capped["account_ref"], "102.90"), (small["account_ref"], "53.85")}

    committed = await billing.post(f"/rent-reviews/{review['review_id']}/commit", headers=token(*SENIOR) | key())
    assert committed.status_code == 200, committed.text
    assert committed.json()["status"] == "committed"
    schedule = (await billing.get(f"/accounts/{capped['account_ref']}/charges", headers=token(*OFFICER))).json()
    day_before = str(starts - timedelta(days=1))
    assert {(c["charge_type"], c["weekly_amount"], c["effective_from"], c["effective_to"]) for c in schedule} == {
        ("rent", "95.55", "2026-04-06", day_before), ("rent", "102.90", str(starts), None),
        ("water", "5.00", "2026-04-06", day_before), ("water", "5.10", str(starts), None)}
    varied = {e["account_ref"]: e for e in await events(billing.app, "RentVaried")}
    assert varied[capped["account_ref"]]["new_weekly_total"] == "108.00"
    assert varied[capped["account_ref"]]["old_weekly_total"] == "100.55"
    assert varied[capped["account_ref"]]["review_id"] == review["review_id"]
    assert varied[small["account_ref"]]["notice_required_by"] == str(starts - timedelta(weeks=4))
    again = await billing.post(f"/rent-reviews/{review['review_id']}/commit", headers=token(*SENIOR) | key())
    assert again.status_code == 409


async def test_a_commit_too_late_for_four_weeks_notice_is_refused_and_changes_nothing(billing, token):
    this_year = rent_year_of(date.today()).year
    account = (await new_tenancy(billing, token, start=str(RentYear(this_year - 1).starts)))["account_ref"]
    review = await preview(billing, token, this_year)
    response = await billing.post(f"/rent-reviews/{review['review_id']}/commit", headers=token(*SENIOR) | key())
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    assert "too late" in response.json()["detail"] and "4 weeks" in response.json()["detail"]
    assert (await billing.get(f"/rent-reviews/{review['review_id']}", headers=token(*OFFICER))).json()["status"] \
        == "preview"
    assert [r.weekly_amount for r in await rows(billing.app, "SELECT weekly_amount FROM charge WHERE account_ref = :a",
                                                 a=account)] == [100]
    assert await events(billing.app, "RentVaried") == []


async def test_only_a_senior_officer_or_finance_approver_commits(billing, token):
    await new_tenancy(billing, token)
    review = await preview(billing, token, future_rent_year())
    response = await billing.post(f"/rent-reviews/{review['review_id']}/commit", headers=token(*OFFICER) | key())
    assert response.status_code == 403


async def test_a_preview_made_stale_by_a_later_charge_change_is_refused(billing, token):
    year = future_rent_year()
    account = (await new_tenancy(billing, token))["account_ref"]
    review = await preview(billing, token, year)
    change = await billing.post(f"/accounts/{account}/charges", headers=token(*OFFICER) | key(), json={
        "effective_from": str(RentYear(year).starts), "charges": [{"charge_type": "rent", "weekly_amount": "120.00"}],
        "reason": "rent set by the panel"})
    assert change.status_code == 200, change.text
    response = await billing.post(f"/rent-reviews/{review['review_id']}/commit", headers=token(*SENIOR) | key())
    assert response.status_code == 409
    assert account in response.json()["detail"]


async def test_a_file_of_new_rents_is_previewed_with_its_rejected_lines(billing, token):
    year = future_rent_year()
    account = (await new_tenancy(billing, token))["account_ref"]
    data = (f"account_ref,charge_type,weekly_amount\n{account},rent,131.00\n{account},heat,1.00\n"
            f"10000024,rent,90.00\n").encode()
    response = await billing.post(f"/rent-reviews/file?rent_year={year}&reason=new%20rents&cap_percent=7.7",
                                  headers=token(*OFFICER), files={"file": ("rents.csv", data, "text/csv")})
    assert response.status_code == 201, response.text
    review = response.json()
    assert [(r["line"], r["account_ref"]) for r in review["rejected_lines"]] == [(3, account), (None, "10000024")]
    lines = (await billing.get(f"/rent-reviews/{review['review_id']}/lines", headers=token(*OFFICER))).json()
    assert [(ln["new_amount"], ln["capped"], ln["outlier"]) for ln in lines] == [("107.70", True, False)]


async def test_a_policy_with_nothing_to_review_is_refused(billing, token):
    response = await billing.post("/rent-reviews", headers=token(*OFFICER), json={
        "rent_year": future_rent_year(), "kind": "percentage", "uplift_percent": {"heating": "3"}, "reason": "x"})
    assert response.status_code == 422
    assert "no open account" in response.json()["detail"]


async def test_review_lines_page_by_account_and_charge_type(billing, token):
    account = (await new_tenancy(billing, token, charges={"rent": "100.00", "water": "5.00"}))["account_ref"]
    review = await preview(billing, token, future_rent_year(), uplift_percent={"rent": "3", "water": "3"})
    url = f"/rent-reviews/{review['review_id']}/lines?limit=1"
    first = (await billing.get(url, headers=token(*OFFICER))).json()
    second = (await billing.get(f"{url}&after={account}&after_charge_type=rent", headers=token(*OFFICER))).json()
    last = (await billing.get(f"{url}&after={account}&after_charge_type=water", headers=token(*OFFICER))).json()
    assert [(ln["charge_type"], ln["new_amount"]) for ln in first + second] == [("rent", "103.00"), ("water", "5.15")]
    assert last == []
