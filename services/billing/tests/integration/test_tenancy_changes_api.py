"""Tenancy changes: charges from a date (backdated weeks re-priced), succession,
joint-to-sole, termination with a pro-rated final week, transfer and mutual exchange
with the balance moved by journal."""

from __future__ import annotations

import json

from .support import OFFICER, key, new_tenancy, rows, run_debit, scalar


async def postings(billing, account: str) -> list[tuple]:
    found = await rows(billing.app, "SELECT posting_type, charge_type, amount, rent_week FROM posting "
                                    "WHERE account_ref = :r ORDER BY account_seq", r=account)
    return [(p.posting_type, p.charge_type, str(p.amount), p.rent_week) for p in found]


async def test_termination_after_the_week_was_debited_credits_the_days_after_the_end_and_closes_the_account(
        billing, token):
    tenancy = await new_tenancy(billing, token, charges={"rent": "98.17"})
    await run_debit(billing, token, 2026, 8)  # 25-31 May, full week
    response = await billing.post(f"/tenancies/{tenancy['tenancy_ref']}/terminate", headers=token(*OFFICER) | key(),
                                  json={"end_date": "2026-05-27", "reason": "notice given",
                                        "forwarding_address": ["2 New Road"]})
    assert response.status_code == 200, response.text
    assert response.json()["final_balance"] == "42.06"  # Monday to Wednesday
    assert await postings(billing, tenancy["account_ref"]) == [
        ("charge", "rent", "98.17", 8), ("charge", "rent", "-56.11", 8)]
    account = (await billing.get(f"/accounts/{tenancy['account_ref']}", headers=token(*OFFICER))).json()
    assert (account["status"], account["closed_on"]) == ("closed", "2026-05-27")
    [event] = await rows(billing.app, "SELECT body FROM outbox WHERE event_type = 'TenancyTerminated'")
    data = json.loads(bytes(event.body))["data"]
    assert (data["final_balance"], data["end_date"], data["forwarding_address"]) == ("42.06", "2026-05-27",
                                                                                   ["2 New Road"])
    later = await run_debit(billing, token, 2026, 9)
    assert later["postings_count"] == 0  # a closed account is not debited


async def test_termination_before_the_week_was_debited_charges_the_final_part_week(billing, token):
    tenancy = await new_tenancy(billing, token, charges={"rent": "70.00", "water": "7.00"})
    await run_debit(billing, token, 2026, 1)
    response = await billing.post(f"/tenancies/{tenancy['tenancy_ref']}/terminate", headers=token(*OFFICER) | key(),
                                  json={"end_date": "2026-04-15", "reason": "deceased, no successor"})
    assert response.json()["final_balance"] == "110.00"  # 77.00 + Monday-Wednesday of week 2 (30.00 + 3.00)
    assert await postings(billing, tenancy["account_ref"]) == [
        ("charge", "rent", "70.00", 1), ("charge", "water", "7.00", 1),
        ("charge", "rent", "30.00", 2), ("charge", "water", "3.00", 2)]


async def test_a_backdated_rent_change_re_prices_weeks_already_debited_and_publishes_rent_varied(billing, token):
    tenancy = await new_tenancy(billing, token, charges={"rent": "70.00"})
    for week in (1, 2):
        await run_debit(billing, token, 2026, week)
    response = await billing.post(f"/accounts/{tenancy['account_ref']}/charges", headers=token(*OFFICER) | key(),
                                  json={"effective_from": "2026-04-16", "reason": "rent review correction",
                                        "charges": [{"charge_type": "rent", "weekly_amount": "77.00"}]})
    assert response.status_code == 200, response.text
    assert [(c["weekly_amount"], c["effective_from"], c["effective_to"]) for c in response.json()] == [
        ("70.00", "2026-04-06", "2026-04-15"), ("77.00", "2026-04-16", None)]
    # Week 2 (13-19 April): Thursday to Sunday at 11.00 instead of 10.00 = 4.00 more.
    assert (await postings(billing, tenancy["account_ref"]))[-1] == ("charge", "rent", "4.00", 2)
    run = await run_debit(billing, token, 2026, 3)
    assert run["amount_posted"] == "77.00"
    [varied] = await rows(billing.app, "SELECT body FROM outbox WHERE event_type = 'RentVaried'")
    data = json.loads(bytes(varied.body))["data"]
    assert (data["old_weekly_total"], data["new_weekly_total"], data["notice_required_by"]) == (
        "70.00", "77.00", "2026-03-19")


async def test_rent_varied_from_a_charge_change_carries_the_rent_free_weeks_of_its_effective_dates_rent_year(
        billing, token):
    senior = token("s.officer", "senior_officer")
    for year, weeks in ((2026, [38, 39]), (2027, [1])):
        response = await billing.put(f"/rent-years/{year}/rent-free-weeks", headers=senior, json={
            "weeks": [{"week": w, "reason": "council policy"} for w in weeks], "reason": "council policy"})
        assert response.status_code == 200, response.text
    account = (await new_tenancy(billing, token, charges={"rent": "70.00"}))["account_ref"]
    # Rent year 2027 starts on Monday 5 April 2027: the second change falls in it.
    for effective_from, rent in (("2026-06-01", "75.00"), ("2027-04-05", "80.00")):
        response = await billing.post(f"/accounts/{account}/charges", headers=token(*OFFICER) | key(), json={
            "effective_from": effective_from, "reason": "rent change",
            "charges": [{"charge_type": "rent", "weekly_amount": rent}]})
        assert response.status_code == 200, response.text
    varied = [json.loads(bytes(r.body))["data"] for r in await rows(
        billing.app, "SELECT body FROM outbox WHERE event_type = 'RentVaried' ORDER BY id")]
    assert [(v["effective_from"], v["rent_free_weeks"]) for v in varied] == [
        ("2026-06-01", [38, 39]), ("2027-04-05", [1])]


async def test_succession_and_joint_to_sole_change_the_tenants_and_keep_the_account(billing, token):
    joint = await new_tenancy(billing, token, tenants=2)
    ref = joint["tenancy_ref"]
    response = await billing.post(f"/tenancies/{ref}/joint-to-sole", headers=token(*OFFICER),
                                  json={"effective_date": "2026-06-01", "reason": "relationship breakdown",
                                        "remaining_person_id": f"PER-{ref[2:]}-1"})
    assert response.status_code == 204, response.text
    current = await rows(billing.app, "SELECT person_id, is_lead FROM tenant WHERE tenancy_ref = :t "
                                      "AND left_on IS NULL", t=ref)
    assert [(c.person_id, c.is_lead) for c in current] == [(f"PER-{ref[2:]}-1", True)]
    again = await billing.post(f"/tenancies/{ref}/joint-to-sole", headers=token(*OFFICER),
                               json={"effective_date": "2026-06-02", "reason": "x",
                                     "remaining_person_id": f"PER-{ref[2:]}-1"})
    assert again.status_code == 409
    response = await billing.post(f"/tenancies/{ref}/succession", headers=token(*OFFICER), json={
        "effective_date": "2026-09-01", "reason": "death of tenant, spouse succeeds",
        "successor": {"person_id": "PER-SUCC", "name": "Successor"}})
    assert response.status_code == 204, response.text
    current = await rows(billing.app, "SELECT person_id FROM tenant WHERE tenancy_ref = :t AND left_on IS NULL", t=ref)
    assert [c.person_id for c in current] == ["PER-SUCC"]
    actions = await rows(billing.app, "SELECT action FROM audit_log WHERE entity_id = :t ORDER BY id", t=ref)
    assert [a.action for a in actions] == ["start", "joint_to_sole", "succession"]


async def test_a_transfer_moves_the_household_and_its_balance_by_journal(billing, token):
    old = await new_tenancy(billing, token, charges={"rent": "70.00"})
    await run_debit(billing, token, 2026, 1)
    target = await new_tenancy(billing, token)  # a property to move to: end its own tenancy first
    await billing.post(f"/tenancies/{target['tenancy_ref']}/terminate", headers=token(*OFFICER) | key(),
                       json={"end_date": "2026-04-12", "reason": "moved out"})
    response = await billing.post(f"/tenancies/{old['tenancy_ref']}/transfer", headers=token(*OFFICER) | key(),
                                  json={"new_tenancy_ref": "T-MOVED", "new_property_ref": target["property_ref"],
                                        "start_date": "2026-04-13", "reason": "management transfer",
                                        "charges": [{"charge_type": "rent", "weekly_amount": "80.00"}]})
    assert response.status_code == 201, response.text
    moved = response.json()
    assert moved["balance_moved"] == "70.00"
    assert await scalar(billing.app, "SELECT balance FROM account WHERE account_ref = :r", r=old["account_ref"]) == 0
    new_postings = await postings(billing, moved["new_account_ref"])
    assert new_postings == [("transfer", None, "70.00", 1)]
    [audit] = await rows(billing.app, "SELECT after FROM audit_log WHERE action = 'move_balance'")
    assert audit.after == {"to": moved["new_account_ref"], "amount": "70.00"}


async def test_a_mutual_exchange_swaps_homes_and_each_balance_goes_with_its_household(billing, token):
    a = await new_tenancy(billing, token, charges={"rent": "70.00"})
    b = await new_tenancy(billing, token, charges={"rent": "91.00"})
    await run_debit(billing, token, 2026, 1)
    response = await billing.post("/mutual-exchanges", headers=token(*OFFICER) | key(), json={
        "tenancy_a": a["tenancy_ref"], "tenancy_b": b["tenancy_ref"], "new_tenancy_ref_a": "T-XA",
        "new_tenancy_ref_b": "T-XB", "exchange_date": "2026-04-13", "reason": "mutual exchange by assignment"})
    assert response.status_code == 201, response.text
    moved = {m["old_tenancy_ref"]: m for m in response.json()}
    assert moved[a["tenancy_ref"]]["balance_moved"] == "70.00"
    assert moved[b["tenancy_ref"]]["balance_moved"] == "91.00"
    homes = await rows(billing.app, "SELECT tenancy_ref, property_ref FROM tenancy "
                                    "WHERE tenancy_ref IN ('T-XA', 'T-XB')")
    assert {h.tenancy_ref: h.property_ref for h in homes} == {"T-XA": b["property_ref"], "T-XB": a["property_ref"]}
    run = await run_debit(billing, token, 2026, 2)
    charged = await rows(billing.app, "SELECT account_ref, amount FROM posting WHERE rent_week = 2 "
                                      "AND posting_type = 'charge'")
    assert {c.account_ref: str(c.amount) for c in charged} == {
        moved[a["tenancy_ref"]]["new_account_ref"]: "91.00", moved[b["tenancy_ref"]]["new_account_ref"]: "70.00"}
    assert run["postings_count"] == 2
