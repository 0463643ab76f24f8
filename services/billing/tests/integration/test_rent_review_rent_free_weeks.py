"""The annual review's RentVaried carries the rent year's rent-free weeks, so payments can
set monthly and 4-weekly Direct Debit instalments on the collectable weeks."""

from __future__ import annotations

from .support import OFFICER, SENIOR, events, future_rent_year, key, new_tenancy


async def test_rent_varied_from_the_review_carries_the_rent_years_rent_free_weeks(billing, token):
    year = future_rent_year()
    account = (await new_tenancy(billing, token))["account_ref"]
    weeks = [{"week": 39, "reason": "New Year"}, {"week": 38, "reason": "Christmas"}]
    response = await billing.put(f"/rent-years/{year}/rent-free-weeks", headers=token(*SENIOR),
                                 json={"weeks": weeks, "reason": "council policy"})
    assert response.status_code == 200, response.text
    review = await billing.post("/rent-reviews", headers=token(*OFFICER), json={
        "rent_year": year, "kind": "percentage", "uplift_percent": {"rent": "2"}, "reason": "annual review"})
    assert review.status_code == 201, review.text
    committed = await billing.post(f"/rent-reviews/{review.json()['review_id']}/commit",
                                   headers=token(*SENIOR) | key())
    assert committed.status_code == 200, committed.text
    [varied] = [e for e in await events(billing.app, "RentVaried") if e["account_ref"] == account]
    assert varied["rent_free_weeks"] == [38, 39]
