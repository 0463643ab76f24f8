"""The void register fills itself from tenancy events: a termination opens a void priced
from the last charges, the next letting closes it, and the report gives days empty and
rent lost to the penny."""

from __future__ import annotations

from .support import OFFICER, key, new_tenancy, rows

CHARGES = {"rent": "100.00", "service_charge": "10.50", "home_contents_insurance": "2.10"}


async def terminate(billing, token, tenancy_ref: str, end_date: str) -> None:
    response = await billing.post(f"/tenancies/{tenancy_ref}/terminate", headers=token(*OFFICER) | key(),
                                  json={"end_date": end_date, "reason": "notice given"})
    assert response.status_code == 200, response.text


async def relet(billing, token, property_ref: str, tenancy_ref: str, start: str):
    return await billing.post("/tenancies", headers=token(*OFFICER), json={
        "tenancy_ref": tenancy_ref, "property_ref": property_ref, "tenure": "secure", "start_date": start,
        "tenants": [{"person_id": f"PER-{tenancy_ref}", "name": "New Tenant", "is_lead": True}],
        "charges": [{"charge_type": "rent", "weekly_amount": "105.00"}]})


async def register(billing, token, date_from: str, date_to: str, property_ref: str) -> dict:
    response = await billing.get("/reports/voids", headers=token(*OFFICER),
                                 params={"date_from": date_from, "date_to": date_to, "property_ref": property_ref})
    assert response.status_code == 200, response.text
    return response.json()


async def test_termination_opens_a_void_and_the_next_letting_closes_it_with_the_rent_loss_to_the_penny(
        billing, token):
    tenancy = await new_tenancy(billing, token, charges=CHARGES)
    await terminate(billing, token, tenancy["tenancy_ref"], "2026-05-12")  # a Tuesday
    [open_void] = (await register(billing, token, "2026-05-01", "2026-05-31", tenancy["property_ref"]))["voids"]
    assert (open_void["starts_on"], open_void["ends_on"], open_void["reason"], open_void["automatic"]) == (
        "2026-05-13", None, "tenancy_ended", True)
    # The household's own insurance is not a loss of the home's.
    assert (open_void["weekly_loss"], open_void["weekly_charges"]) == (
        "110.50", {"rent": "100.00", "service_charge": "10.50"})
    assert open_void["previous_tenancy_ref"] == tenancy["tenancy_ref"]

    response = await relet(billing, token, tenancy["property_ref"], tenancy["tenancy_ref"] + "N", "2026-05-20")
    assert response.status_code == 201, response.text
    report = await register(billing, token, "2026-05-01", "2026-05-31", tenancy["property_ref"])
    [void] = report["voids"]
    assert (void["ends_on"], void["next_tenancy_ref"]) == ("2026-05-19", tenancy["tenancy_ref"] + "N")
    # Wednesday 13 to Tuesday 19 May: seven days over two rent weeks = one week's charges exactly.
    assert (void["days_in_period"], void["rent_loss"]) == (7, "110.50")
    assert (report["total_days"], report["total_rent_loss"]) == (7, "110.50")
    # Clipped to a period from Friday 15 May: Fri, Sat, Sun (rent 14.26), Mon, Tue.
    clipped = await register(billing, token, "2026-05-15", "2026-05-31", tenancy["property_ref"])
    assert (clipped["total_days"], clipped["total_rent_loss"]) == (5, "78.92")


async def test_reletting_the_day_after_the_end_leaves_no_void(billing, token):
    tenancy = await new_tenancy(billing, token, charges=CHARGES)
    await terminate(billing, token, tenancy["tenancy_ref"], "2026-05-12")
    response = await relet(billing, token, tenancy["property_ref"], tenancy["tenancy_ref"] + "N", "2026-05-13")
    assert response.status_code == 201, response.text
    assert (await register(billing, token, "2026-04-01", "2026-06-30", tenancy["property_ref"]))["voids"] == []
    [cancelled] = await rows(billing.app, "SELECT action FROM audit_log WHERE entity_id = :p AND action LIKE 'void%' "
                                          "ORDER BY id DESC LIMIT 1", p=tenancy["property_ref"])
    assert cancelled.action == "void_cancel"


async def test_transfer_leaves_the_old_home_void_from_the_move(billing, token):
    old = await new_tenancy(billing, token, charges={"rent": "90.00"})
    target = await new_tenancy(billing, token, charges={"rent": "80.00"})
    await terminate(billing, token, target["tenancy_ref"], "2026-06-07")
    response = await billing.post(f"/tenancies/{old['tenancy_ref']}/transfer", headers=token(*OFFICER) | key(),
                                  json={"new_tenancy_ref": old["tenancy_ref"] + "T",
                                        "new_property_ref": target["property_ref"], "start_date": "2026-06-15",
                                        "charges": [{"charge_type": "rent", "weekly_amount": "80.00"}],
                                        "reason": "medical priority"})
    assert response.status_code == 201, response.text
    [target_void] = (await register(billing, token, "2026-06-01", "2026-06-30", target["property_ref"]))["voids"]
    assert (target_void["starts_on"], target_void["ends_on"], target_void["rent_loss"]) == (
        "2026-06-08", "2026-06-14", "80.00")
    [old_void] = (await register(billing, token, "2026-06-01", "2026-06-30", old["property_ref"]))["voids"]
    assert (old_void["starts_on"], old_void["ends_on"], old_void["days_in_period"], old_void["rent_loss"]) == (
        "2026-06-15", None, 16, "205.72")  # two full weeks and Monday, Tuesday: 180 + 2 x 12.86


async def test_manual_void_for_major_works_is_priced_from_the_last_charges_and_ended_by_hand(billing, token):
    tenancy = await new_tenancy(billing, token, charges={"rent": "70.00"})
    await terminate(billing, token, tenancy["tenancy_ref"], "2026-05-12")
    headers = token(*OFFICER)
    refused = await billing.post("/voids", headers=headers, json={
        "property_ref": tenancy["property_ref"], "starts_on": "2026-05-20", "reason": "major_works"})
    assert refused.status_code == 409
    assert "already recorded as void" in refused.json()["detail"]
    [auto] = (await register(billing, token, "2026-05-01", "2026-05-31", tenancy["property_ref"]))["voids"]
    ended = await billing.post(f"/voids/{auto['void_id']}/end", headers=headers, json={"ends_on": "2026-05-17"})
    assert ended.status_code == 204, ended.text
    created = await billing.post("/voids", headers=headers, json={
        "property_ref": tenancy["property_ref"], "starts_on": "2026-05-18", "reason": "major_works",
        "note": "new kitchen and rewire"})
    assert created.status_code == 201, created.text
    report = await register(billing, token, "2026-05-18", "2026-05-24", tenancy["property_ref"])
    [works] = report["voids"]
    assert (works["reason"], works["automatic"], works["weekly_loss"], works["rent_loss"]) == (
        "major_works", False, "70.00", "70.00")
    bad = await billing.post("/voids", headers=headers, json={
        "property_ref": "P-NOPE", "starts_on": "2026-05-18", "reason": "holiday"})
    assert bad.status_code == 422


async def test_a_manual_void_on_a_let_home_is_refused(billing, token):
    tenancy = await new_tenancy(billing, token)
    response = await billing.post("/voids", headers=token(*OFFICER), json={
        "property_ref": tenancy["property_ref"], "starts_on": "2026-05-18", "reason": "major_works"})
    assert response.status_code == 409
    assert f"is let (tenancy {tenancy['tenancy_ref']})" in response.json()["detail"]
