"""Hold-backs seen by the daily run on real data; arrangements agreed from an income
and expenditure assessment, kept, then breached; Breathing Space blocking and resuming."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from shared.calendar import rent_week_of
from shared.contracts.billing import ChargeLine, RentVariedV1
from shared.contracts.types import ChargeType, PostingType
from shared.money import Money

MONDAY = date(2026, 6, 1)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


IE = {"income": {"earnings": "320.00", "benefits_and_tax_credits": "40.00"},
      "expenditure": {"home_and_contents": "100.00", "utilities": "45.00", "food_and_housekeeping": "120.00",
                      "transport_and_travel": "25.00"}}  # leaves £70.00 a week


async def arrangement(recovery, ref: str, instalment: str, start: date, expect: int = 201, **extra) -> dict:
    response = await recovery.client.post(f"/accounts/{ref}/arrangements", headers=recovery.officer, json={
        "frequency": "weekly", "instalment": instalment, "start_date": start.isoformat(), **IE, **extra})
    assert response.status_code == expect, response.text
    return response.json()


async def test_each_hold_back_condition_holds_the_recommendation_with_its_reason(recovery):
    refs = {"kept": "10000016", "pending": "10000024", "space": "10000032", "vulnerable": "10000040",
            "waiting": "10000057", "uc_timing": "10000065", "none": "10000073"}
    for ref in refs.values():
        await recovery.tenancy(ref)
    await recovery.apply(recovery.feed.debit_week(day(0)))
    await recovery.apply(recovery.feed.pay(refs["uc_timing"], "433.00", day(-20), PostingType.UC_CREDIT),
                         recovery.feed.post(refs["uc_timing"], PostingType.ADJUSTMENT, "433.00", day(-20)))
    await arrangement(recovery, refs["kept"], "10.00", day(7))
    flags = {"pending": {"benefit_claim_pending": True}, "vulnerable": {"vulnerable": True}}
    for name, body in flags.items():
        response = await recovery.client.patch(f"/accounts/{refs[name]}/flags", headers=recovery.officer,
                                               json={**body, "reason": "told by tenant"})
        assert response.status_code == 200, response.text
    bs = await recovery.client.post(f"/accounts/{refs['space']}/breathing-space", headers=recovery.officer, json={
        "kind": "standard", "reference": "DRS-1", "start_date": day(0).isoformat()})
    assert bs.status_code == 201, bs.text
    await recovery.act(refs["waiting"], action="call", taken_on=day(1).isoformat(), outcome="no answer")

    await recovery.run(day(2))
    seen = {name: await recovery.recommended(ref, day(2)) for name, ref in refs.items()}
    assert seen == {
        "kept": ("first_letter", "arrangement_kept"), "pending": ("first_letter", "benefit_claim_pending"),
        "space": ("first_letter", "breathing_space"), "vulnerable": ("first_letter", "vulnerability_senior_review"),
        "waiting": ("first_letter", "waiting_period"), "uc_timing": ("first_letter", "benefit_timing"),
        "none": ("first_letter", None),
    }
    held = (await recovery.client.get("/caseloads/HK01?status=held", headers=recovery.officer)).json()
    assert len(held) == 6 and all(h["rank"] is None for h in held)

    [rec] = await recovery.recommendations(refs["kept"], day(2))
    response = await recovery.client.post(f"/recommendations/{rec['recommendation_id']}/accept", json={},
                                          headers=recovery.officer)
    assert response.status_code == 409
    assert response.json()["detail"].endswith("is held back (arrangement_kept)")

    review = await recovery.client.post(f"/accounts/{refs['vulnerable']}/vulnerability-review",
                                        json={"note": "reviewed with the tenancy sustainment team"},
                                        headers=recovery.senior)
    assert review.status_code == 200
    await recovery.run(day(3))
    assert await recovery.recommended(refs["vulnerable"], day(3)) == ("first_letter", None)


async def test_arrangement_must_be_affordable_and_is_kept_then_breached(recovery):
    ref = "10000016"
    await recovery.tenancy(ref)
    for week in range(3):
        await recovery.apply(recovery.feed.debit_week(day(7 * week)))
    offer = {"frequency": "weekly", "instalment": "70.01", "start_date": day(21).isoformat(), **IE}
    preview = await recovery.client.post(f"/accounts/{ref}/arrangements/preview", headers=recovery.officer, json=offer)
    assert preview.status_code == 200, preview.text
    assert {k: preview.json()[k] for k in ("total_income", "total_expenditure", "disposable_weekly", "affordable")} == {
        "total_income": "360.00", "total_expenditure": "290.00", "disposable_weekly": "70.00", "affordable": False}
    assert len(preview.json()["schedule"]) == 5
    assert (await recovery.client.get(f"/accounts/{ref}/arrangements", headers=recovery.officer)).json() == []
    refused = await arrangement(recovery, ref, "70.01", day(21), expect=422)
    assert refused["detail"] == ("£70.01 a week is not affordable: the income and expenditure assessment leaves "
                                 "£70.00 a week")
    bad = await recovery.client.post(f"/accounts/{ref}/arrangements", headers=recovery.officer, json={
        "frequency": "weekly", "instalment": "20.00", "start_date": day(21).isoformat(),
        "income": {"lottery": "5.00"}, "expenditure": {}})
    assert bad.status_code == 422 and bad.json()["errors"][0]["loc"][:2] == ["body", "income"]

    made = await arrangement(recovery, ref, "25.00", day(21))
    assert made["arrears_at_start"] == "300.00"
    assert made["assessment"]["disposable_weekly"] == "70.00"
    assert [(s["expected"], s["arrears_after"]) for s in made["schedule"]] == [
        ("125.00", "275.00"), *[("125.00", f"{275 - 25 * i}.00") for i in range(1, 11)], ("125.00", "0.00")]
    again = await arrangement(recovery, ref, "10.00", day(21), expect=409)
    assert "already has an active arrangement" in again["detail"]

    await recovery.apply(recovery.feed.debit_week(day(21)), recovery.feed.pay(ref, "125.00", day(23)))
    await recovery.run(day(28))
    state = (await recovery.client.get(f"/arrangements/{made['arrangement_id']}", headers=recovery.officer)).json()
    assert [(p["period_no"], p["kept"], p["paid"]) for p in state["periods"]] == [(1, True, "125.00")]
    assert await recovery.recommended(ref, day(28)) == ("first_letter", "arrangement_kept")

    await recovery.apply(recovery.feed.debit_week(day(28)), recovery.feed.pay(ref, "123.99", day(30)))
    await recovery.run(day(35))
    state = (await recovery.client.get(f"/arrangements/{made['arrangement_id']}", headers=recovery.officer)).json()
    assert state["status"] == "breached"
    assert state["periods"][1]["reason"] == "short by £1.01, beyond the tolerance of £1.00"
    [breach] = await recovery.outbox("ArrangementBreached")
    assert breach == {"arrangement_id": made["arrangement_id"], "account_ref": ref,
                      "period_ending": day(34).isoformat(), "expected": "125.00", "paid": "123.99",
                      "reason": "short by £1.01, beyond the tolerance of £1.00"}
    [created] = await recovery.outbox("ArrangementCreated")
    assert (created["amount"], created["weekly_charge"], created["arrears_at_start"]) == ("25.00", "100.00", "300.00")
    rec = (await recovery.recommendations(ref, day(35)))[0]
    assert (rec["stage"], rec["hold"], rec["payer_profile"]) == ("first_letter", None, "broken_arrangement")
    # notifications sends the confirmation and breach letters from these two events
    assert await recovery.outbox("LetterRequested") == []
    kpis = (await recovery.client.get("/kpis", headers=recovery.officer,
                                      params={"from": day(0).isoformat(), "to": day(40).isoformat()})).json()
    assert (kpis["arrangement_periods_assessed"], kpis["arrangements_kept_percent"]) == (2, "50.00")


async def test_tolerance_is_configuration_with_an_audit_trail(recovery):
    ref = "10000016"
    await recovery.tenancy(ref)
    await recovery.apply(recovery.feed.debit_week(day(0)), recovery.feed.debit_week(day(7)))
    response = await recovery.client.put("/settings/arrangement_tolerance", headers=recovery.senior,
                                         json={"value": {"amount": "5.00", "percent": "0"}, "reason": "policy review"})
    assert response.status_code == 200, response.text
    refused = await recovery.client.put("/settings/arrangement_tolerance", headers=recovery.officer,
                                        json={"value": {"amount": "5.00"}, "reason": "x"})
    assert refused.status_code == 403
    invalid = await recovery.client.put("/settings/arrangement_tolerance", headers=recovery.senior,
                                        json={"value": {"amount": "5.001"}, "reason": "x"})
    assert invalid.status_code == 422 and "more than 2 decimal places" in invalid.json()["detail"]
    made = await arrangement(recovery, ref, "20.00", day(14))
    await recovery.apply(recovery.feed.debit_week(day(14)), recovery.feed.pay(ref, "115.00", day(15)))
    await recovery.run(day(21))
    state = (await recovery.client.get(f"/arrangements/{made['arrangement_id']}", headers=recovery.officer)).json()
    assert state["status"] == "active" and state["periods"][0]["kept"]
    [audit] = await recovery.sql("SELECT actor, before, after, reason FROM audit_log WHERE entity = 'recovery_setting'")
    assert audit["before"] == {"amount": "1.00", "percent": "0"} and audit["after"]["amount"] == "5.00"


async def test_breathing_space_blocks_enforcement_and_demands_then_the_case_resumes(recovery):
    ref = "10000016"
    await recovery.tenancy(ref)
    await recovery.apply(recovery.feed.debit_week(day(0)))
    space = (await recovery.client.post(f"/accounts/{ref}/breathing-space", headers=recovery.officer, json={
        "kind": "mental_health_crisis", "reference": "DRS-9", "start_date": day(1).isoformat()})).json()
    assert space["ends_on"] is None and space["protected_arrears"] == "100.00"

    blocked = await recovery.act(ref, expect=422, action="letter", letter_type="arrears_first_letter",
                                 taken_on=day(3).isoformat())
    assert "is in Breathing Space" in blocked["detail"]
    await recovery.act(ref, expect=422, action="notice_served", served_on=day(3).isoformat(),
                       taken_on=day(3).isoformat())
    await recovery.act(ref, action="call", taken_on=day(3).isoformat(), outcome="explained the moratorium")
    unknown = await recovery.act(ref, expect=422, action="letter", letter_type="friendly_note", demands_payment=False,
                                 taken_on=day(3).isoformat())
    assert unknown["detail"].startswith("notifications has no letter 'friendly_note'")

    ended = (await recovery.client.post(f"/breathing-spaces/{space['breathing_space_id']}/treatment-end",
                                        headers=recovery.officer,
                                        json={"treatment_ends_on": day(10).isoformat()})).json()
    assert ended["ends_on"] == day(40).isoformat()
    await recovery.run(day(40))
    assert await recovery.recommended(ref, day(40)) == ("first_letter", "breathing_space")
    await recovery.run(day(41))
    assert await recovery.recommended(ref, day(41)) == ("first_letter", None)
    await recovery.act(ref, action="letter", letter_type="arrears_first_letter", taken_on=day(41).isoformat())
    [letter] = await recovery.outbox("LetterRequested")
    assert letter["data"]["balance"] == "100.00"


async def test_bad_requests_get_specific_problems(recovery):
    ref = "10000016"
    await recovery.tenancy(ref)
    standard_with_treatment = await recovery.client.post(f"/accounts/{ref}/breathing-space", headers=recovery.officer,
                                                         json={"kind": "standard", "reference": "DRS-2",
                                                               "start_date": day(1).isoformat(),
                                                               "crisis_treatment_ends_on": day(5).isoformat()})
    assert standard_with_treatment.status_code == 422
    assert standard_with_treatment.json()["detail"] == "a standard moratorium has no crisis treatment end date"
    not_in_arrears = await arrangement(recovery, ref, "10.00", day(7), expect=422)
    assert not_in_arrears["detail"] == f"{ref} is not in arrears (balance £0.00)"
    unknown = await recovery.client.post(f"/recommendations/{uuid.uuid4()}/skip", headers=recovery.officer,
                                         json={"reason": "x"})
    assert unknown.status_code == 404 and unknown.headers["content-type"] == "application/problem+json"
    hearing = await recovery.act(ref, expect=422, action="court_hearing", taken_on=day(1).isoformat())
    assert hearing["detail"] == "a court_hearing action needs hearing_date"
    future = await recovery.act(ref, expect=422, action="call", taken_on=(date.today() + timedelta(days=1)).isoformat())
    assert "is in the future" in future["detail"]
    extra = await recovery.client.post(f"/accounts/{ref}/actions", headers=recovery.officer,
                                       json={"action": "call", "taken_on": day(1).isoformat(), "colour": "red"})
    assert extra.status_code == 422 and extra.json()["errors"][0]["loc"] == ["body", "colour"]
    nobody = await recovery.client.get(f"/accounts/{ref}")
    assert nobody.status_code == 401


async def test_breathing_space_judges_a_letter_from_its_type_not_from_the_request(recovery):
    ref = "10000016"
    await recovery.tenancy(ref)
    await recovery.apply(recovery.feed.debit_week(day(0)))
    await recovery.client.post(f"/accounts/{ref}/breathing-space", headers=recovery.officer, json={
        "kind": "standard", "reference": "DRS-3", "start_date": day(1).isoformat()})  # protected to day 60

    claimed = await recovery.act(ref, expect=422, action="letter", letter_type="arrears_first_letter",
                                 demands_payment=False, taken_on=day(3).isoformat())
    assert claimed["detail"] == (f"{ref} is in Breathing Space: no enforcement action or letter demanding payment "
                                 "until the moratorium ends (arrears_first_letter refused)")
    await recovery.act(ref, expect=422, action="call", letter_type="arrears_second_letter",
                       taken_on=day(3).isoformat())
    await recovery.act(ref, expect=422, action="letter", letter_type="leasehold_reminder", stage="first_letter",
                       demands_payment=False, taken_on=day(3).isoformat())
    assert await recovery.outbox("LetterRequested") == []

    # demands_payment is still accepted from older clients, and ignored
    await recovery.act(ref, action="letter", letter_type="arrears_first_letter", demands_payment=False,
                       taken_on=day(60 + 1).isoformat())
    assert [x["letter_type"] for x in await recovery.outbox("LetterRequested")] == ["arrears_first_letter"]


async def test_breathing_space_suspends_arrangement_monitoring_and_its_periods_never_count(recovery):
    ref = "10000016"
    await recovery.tenancy(ref)
    for week in range(3):
        await recovery.apply(recovery.feed.debit_week(day(7 * week)))
    made = await arrangement(recovery, ref, "25.00", day(21))  # £125.00 a week from day 21
    await recovery.apply(recovery.feed.debit_week(day(21)), recovery.feed.pay(ref, "125.00", day(23)))
    await recovery.run(day(28))
    space = (await recovery.client.post(f"/accounts/{ref}/breathing-space", headers=recovery.officer, json={
        "kind": "standard", "reference": "DRS-4", "start_date": day(29).isoformat()})).json()

    for week in (28, 35, 42):  # nothing paid from day 28
        await recovery.apply(recovery.feed.debit_week(day(week)))
    await recovery.run(day(36))
    assert await recovery.recommended(ref, day(36)) == ("first_letter", "breathing_space")
    ended = await recovery.client.post(f"/breathing-spaces/{space['breathing_space_id']}/end",
                                       headers=recovery.officer, json={"ended_on": day(40).isoformat(),
                                                                       "reason": "debt advice ended"})
    assert ended.status_code == 200, ended.text
    await recovery.run(day(42))  # period 3 (days 35-41) fell partly in the moratorium too
    state = (await recovery.client.get(f"/arrangements/{made['arrangement_id']}", headers=recovery.officer)).json()
    assert state["status"] == "active"
    assert [(p["period_no"], p["kept"], p["reason"]) for p in state["periods"]] == [
        (1, True, "kept"), (2, None, "not assessed: Breathing Space moratorium"),
        (3, None, "not assessed: Breathing Space moratorium")]
    assert await recovery.outbox("ArrangementBreached") == []

    await recovery.run(day(49))  # period 4 (days 42-48), after the moratorium, is missed
    state = (await recovery.client.get(f"/arrangements/{made['arrangement_id']}", headers=recovery.officer)).json()
    assert (state["status"], state["periods"][-1]["kept"]) == ("breached", False)
    [breach] = await recovery.outbox("ArrangementBreached")
    assert breach["period_ending"] == day(48).isoformat()
    kpis = (await recovery.client.get("/kpis", headers=recovery.officer,
                                      params={"from": day(0).isoformat(), "to": day(60).isoformat()})).json()
    assert (kpis["arrangement_periods_assessed"], kpis["arrangements_kept_percent"]) == (2, "50.00")


async def test_a_period_ended_before_a_moratorium_waits_until_it_ends(recovery):
    ref = "10000016"
    await recovery.tenancy(ref)
    await recovery.apply(recovery.feed.debit_week(day(0)))
    made = await arrangement(recovery, ref, "10.00", day(7))
    await recovery.apply(recovery.feed.debit_week(day(7)))  # period 1 (days 7-13): nothing paid
    await recovery.client.post(f"/accounts/{ref}/breathing-space", headers=recovery.officer, json={
        "kind": "standard", "reference": "DRS-5", "start_date": day(14).isoformat()})  # to day 73
    await recovery.run(day(15))
    state = (await recovery.client.get(f"/arrangements/{made['arrangement_id']}", headers=recovery.officer)).json()
    assert (state["status"], state["periods"]) == ("active", [])
    await recovery.run(day(74))
    state = (await recovery.client.get(f"/arrangements/{made['arrangement_id']}", headers=recovery.officer)).json()
    assert (state["status"], [p["kept"] for p in state["periods"]]) == ("breached", [False])
    [breach] = await recovery.outbox("ArrangementBreached")
    assert breach["period_ending"] == day(13).isoformat()


def rent_varied(ref: str, effective_from: date, old: str, new: str, rent_free_weeks: list[int] | None = None):
    return RentVariedV1(account_ref=ref, tenancy_ref=f"T-{ref}", effective_from=effective_from,
                        old_weekly_total=Money(old), new_weekly_total=Money(new),
                        charges=[ChargeLine(charge_type=ChargeType.RENT, weekly_amount=Money(new),
                                            benefit_eligible=True)],
                        notice_required_by=effective_from - timedelta(weeks=4), rent_free_weeks=rent_free_weeks)


async def test_after_a_rent_rise_the_old_rent_plus_the_instalment_breaches_the_arrangement(recovery):
    ref = "10000016"
    await recovery.tenancy(ref)  # £100.00 a week
    for week in range(3):
        await recovery.apply(recovery.feed.debit_week(day(7 * week)))
    made = await arrangement(recovery, ref, "25.00", day(21))
    await recovery.apply(rent_varied(ref, day(28), "100.00", "110.00"))  # the rise, after the agreement
    url = f"/arrangements/{made['arrangement_id']}"
    state = (await recovery.client.get(url, headers=recovery.officer)).json()
    assert [(s["charge"], s["towards"], s["expected"]) for s in state["schedule"][:3]] == [
        ("100.00", "25.00", "125.00"), ("110.00", "25.00", "135.00"), ("110.00", "25.00", "135.00")]
    assert state["weekly_charge"] == "100.00"  # as agreed

    await recovery.apply(recovery.feed.debit_week(day(21)), recovery.feed.pay(ref, "125.00", day(23)))
    await recovery.run(day(28))
    await recovery.apply(recovery.feed.post(ref, PostingType.CHARGE, "110.00", day(28)),
                         recovery.feed.pay(ref, "125.00", day(30)))  # still the old rent + instalment
    await recovery.run(day(35))
    state = (await recovery.client.get(url, headers=recovery.officer)).json()
    assert [(p["expected"], p["paid"], p["kept"]) for p in state["periods"]] == [
        ("125.00", "125.00", True), ("135.00", "125.00", False)]
    assert state["status"] == "breached"
    [breach] = await recovery.outbox("ArrangementBreached")
    assert (breach["expected"], breach["paid"], breach["reason"]) == (
        "135.00", "125.00", "short by £10.00, beyond the tolerance of £1.00")


async def test_an_arrangement_made_before_a_known_rise_starts_on_the_charge_then_in_force(recovery):
    ref = "10000016"
    await recovery.tenancy(ref)
    for week in range(3):
        await recovery.apply(recovery.feed.debit_week(day(7 * week)))
    await recovery.apply(rent_varied(ref, day(28), "100.00", "110.00"))  # in force by today's date
    made = await arrangement(recovery, ref, "25.00", day(21))
    assert [s["expected"] for s in made["schedule"][:2]] == ["125.00", "135.00"]
    [created] = await recovery.outbox("ArrangementCreated")
    assert created["weekly_charge"] == "100.00"  # the charge the first payment covers


async def test_a_rent_free_week_expects_only_the_instalment(recovery):
    ref = "10000016"
    await recovery.tenancy(ref)
    for week in range(3):
        await recovery.apply(recovery.feed.debit_week(day(7 * week)))
    free = rent_week_of(day(28))
    await recovery.apply(rent_varied(ref, day(21), "100.00", "100.00", rent_free_weeks=[free.number]))
    made = await arrangement(recovery, ref, "25.00", day(21))
    assert [s["expected"] for s in made["schedule"][:3]] == ["125.00", "25.00", "125.00"]

    await recovery.apply(recovery.feed.debit_week(day(21)), recovery.feed.pay(ref, "125.00", day(23)),
                         recovery.feed.pay(ref, "25.00", day(29)))  # no rent debited in the rent-free week
    await recovery.run(day(35))
    state = (await recovery.client.get(f"/arrangements/{made['arrangement_id']}", headers=recovery.officer)).json()
    assert (state["status"], [(p["expected"], p["kept"]) for p in state["periods"]]) == (
        "active", [("125.00", True), ("25.00", True)])
