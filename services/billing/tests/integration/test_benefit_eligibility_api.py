"""One HB/UC eligibility rule for a charge however it is set — the account opened, its
charges changed, the rent review — and in the RentVaried the change announces: a garage
counts as a housing cost only on the home's rent account, never on a garage account."""

from __future__ import annotations

import uuid

from .support import OFFICER, SENIOR, events, future_rent_year, key, new_tenancy


async def garage_account(billing, token) -> str:
    response = await billing.post("/accounts", headers=token(*OFFICER), json={
        "account_type": "garage", "opened_on": "2026-04-06", "person_ids": [f"PER-{uuid.uuid4().hex[:6]}"],
        "charges": [{"charge_type": "garage", "weekly_amount": "12.00"}], "reason": "garage let on its own"})
    assert response.status_code == 201, response.text
    return response.json()["account_ref"]


async def eligible(billing, token, account_ref: str) -> set[tuple[str, str, bool]]:
    charges = (await billing.get(f"/accounts/{account_ref}/charges", headers=token(*OFFICER))).json()
    return {(c["charge_type"], c["weekly_amount"], c["benefit_eligible"]) for c in charges}


async def test_a_garage_charge_is_eligible_on_the_rent_account_only_when_opened_changed_or_reviewed(billing, token):
    garage = await garage_account(billing, token)
    home = (await new_tenancy(billing, token, charges={"rent": "100.00", "garage": "8.00"}))["account_ref"]
    assert await eligible(billing, token, garage) == {("garage", "12.00", False)}
    assert await eligible(billing, token, home) == {("rent", "100.00", True), ("garage", "8.00", True)}

    for ref, amount in ((garage, "13.00"), (home, "9.00")):
        response = await billing.post(f"/accounts/{ref}/charges", headers=token(*OFFICER) | key(), json={
            "effective_from": "2026-05-04", "reason": "new garage rent",
            "charges": [{"charge_type": "garage", "weekly_amount": amount}]})
        assert response.status_code == 200, response.text
    assert await eligible(billing, token, garage) == {("garage", "12.00", False), ("garage", "13.00", False)}
    assert ("garage", "9.00", True) in await eligible(billing, token, home)

    review = await billing.post("/rent-reviews", headers=token(*OFFICER), json={
        "rent_year": future_rent_year(), "kind": "percentage", "uplift_percent": {"garage": "10"},
        "reason": "annual review"})
    assert review.status_code == 201, review.text
    committed = await billing.post(f"/rent-reviews/{review.json()['review_id']}/commit",
                                   headers=token(*SENIOR) | key())
    assert committed.status_code == 200, committed.text
    assert ("garage", "14.30", False) in await eligible(billing, token, garage)
    assert ("garage", "9.90", True) in await eligible(billing, token, home)

    announced = {(e["account_ref"], e.get("review_id") is not None): e["charges"]
                 for e in await events(billing.app, "RentVaried")}
    for by_review in (False, True):
        assert [c["benefit_eligible"] for c in announced[(garage, by_review)]] == [False]
        assert {c["charge_type"]: c["benefit_eligible"] for c in announced[(home, by_review)]} == {
            "rent": True, "garage": True}
