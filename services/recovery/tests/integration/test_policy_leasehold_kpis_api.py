"""Policies are configuration edited through the API with an audit trail; the same
engine runs the leasehold/sundry policy; KPIs from the projection and snapshots."""

from __future__ import annotations

from datetime import date, timedelta

from shared.contracts.billing import ChargeLine, RentVariedV1
from shared.contracts.types import AccountType, ChargeType, PostingType
from shared.money import Money

MONDAY = date(2026, 6, 1)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


async def test_policy_change_takes_effect_and_is_audited(recovery):
    await recovery.tenancy("10000016")
    await recovery.apply(recovery.feed.post("10000016", PostingType.CHARGE, "30.00", day(0)))
    policy = (await recovery.client.get("/policies/tenant_default", headers=recovery.officer)).json()
    assert policy["version"] == 1
    assert [s["code"] for s in policy["policy"]["stages"]] == [
        "first_letter", "second_letter", "contact_visit", "nosp", "court_warning_letter", "court_referral",
        "warrant", "eviction"]
    body = policy["policy"]
    body["stages"][0]["min_arrears"] = "50.00"
    forbidden = await recovery.client.put("/policies/tenant_default", headers=recovery.officer,
                                          json={"policy": body, "reason": "x"})
    assert forbidden.status_code == 403
    saved = await recovery.client.put("/policies/tenant_default", headers=recovery.senior,
                                      json={"policy": body, "reason": "cabinet decision 12/2026"})
    assert saved.status_code == 200 and saved.json()["version"] == 2
    await recovery.run(day(1))
    assert await recovery.recommended("10000016", day(1)) is None  # £30 is now under the first letter trigger
    [audit] = await recovery.sql("SELECT actor, before, after, reason FROM audit_log WHERE entity = 'arrears_policy'")
    assert audit["actor"] == "s.senior" and audit["reason"] == "cabinet decision 12/2026"
    assert audit["before"]["stages"][0]["min_arrears"] == "10.00"
    assert audit["after"]["stages"][0]["min_arrears"] == "50.00"


async def test_invalid_policies_are_refused_with_the_reason(recovery):
    lease = (await recovery.client.get("/policies/leasehold_sundry_default", headers=recovery.officer)).json()
    body = lease["policy"]
    body["stages"].append({"code": "nosp", "title": "NOSP", "action": "notice"})
    response = await recovery.client.put("/policies/leasehold_sundry_default", headers=recovery.senior,
                                         json={"policy": body, "reason": "x"})
    assert response.status_code == 422
    assert "cannot be taken through possession" in response.json()["errors"][0]["msg"]
    overlap = {**body, "stages": body["stages"][:1], "account_types": ["rent"]}
    response = await recovery.client.put("/policies/another", headers=recovery.senior,
                                         json={"policy": overlap, "reason": "x"})
    assert response.status_code == 409 and response.json()["detail"] == "policy tenant_default already covers ['rent']"


async def test_leaseholder_goes_reminder_to_money_claim_or_tribunal_with_pre_action_letter_and_instalments(recovery):
    lease, disputed = "10000016", "10000024"
    for ref in (lease, disputed):
        await recovery.apply(*recovery.feed.open_tenancy(ref, weekly="0.00", start=day(0),
                                                         account_type=AccountType.LEASEHOLD))
        await recovery.apply(recovery.feed.post(ref, PostingType.CHARGE, "1200.00", day(0)))
    await recovery.client.patch(f"/accounts/{disputed}/flags", headers=recovery.officer,
                                json={"charge_disputed": True, "reason": "challenges the major works cost"})
    steps = [(1, "reminder"), (15, "final_reminder"), (29, "pre_action_letter")]
    for offset, stage in steps:
        await recovery.run(day(offset))
        for ref in (lease, disputed):
            assert await recovery.recommended(ref, day(offset)) == (stage, None)
            await recovery.accept(ref, day(offset))
    await recovery.run(day(58))
    assert await recovery.recommended(lease, day(58)) is None  # 30 days to reply to the pre-action letter
    await recovery.run(day(59))
    assert await recovery.recommended(lease, day(59)) == ("money_claim", None)
    assert await recovery.recommended(disputed, day(59)) == ("tribunal_application", None)

    letters = await recovery.outbox("LetterRequested")
    pap = [x for x in letters if x["letter_type"] == "pre_action_protocol_letter"]
    assert len(pap) == 2
    assert pap[0]["data"]["enclosures"] == ["information_sheet", "reply_form", "financial_statement"]
    assert pap[0]["data"]["respond_by"] == day(59).isoformat()
    assert pap[0]["data"]["debt_description"] == "service charges, major works and ground rent due under your lease"
    assert [x["letter_type"] for x in letters[:2]] == ["leasehold_reminder", "leasehold_reminder"]

    made = await recovery.client.post(f"/accounts/{lease}/arrangements", headers=recovery.officer, json={
        "frequency": "four_weekly", "instalment": "200.00", "start_date": day(60).isoformat(),
        "income": {"earnings": "400.00"}, "expenditure": {"home_and_contents": "300.00"}})
    assert made.status_code == 201, made.text
    plan = made.json()
    assert (plan["weekly_charge"], len(plan["schedule"]), plan["schedule"][0]["expected"]) == ("0.00", 6, "200.00")
    nosp = await recovery.act(lease, expect=422, action="notice_served", served_on=day(60).isoformat(),
                              taken_on=day(60).isoformat(), stage="nosp")
    assert nosp["detail"] == "policy leasehold_sundry_default has no stage nosp"


async def test_kpis_report_arrears_against_the_debit_fta_stages_arrangements_and_trend(recovery):
    for ref in ("10000016", "10000024"):
        await recovery.tenancy(ref)
    await recovery.tenancy("10000032")
    await recovery.apply(recovery.feed.debit_week(day(0)))
    await recovery.run(day(2))
    await recovery.apply(recovery.feed.debit_week(day(7)), recovery.feed.pay("10000024", "200.00", day(8)))
    await recovery.apply(recovery.feed.terminate("10000032", day(13)),
                         recovery.feed.pay("10000032", "50.00", day(20)))
    await recovery.run(day(16))
    kpis = (await recovery.client.get("/kpis", headers=recovery.officer,
                                      params={"from": day(0).isoformat(), "to": day(30).isoformat()})).json()
    assert kpis["current_arrears"] == "200.00" and kpis["accounts_in_arrears"] == 1
    assert kpis["annual_rent_debit"] == "10400.00"
    assert kpis["arrears_percent_of_annual_debit"] == "1.92"
    assert (kpis["fta_balance"], kpis["fta_cases"], kpis["fta_collected"]) == ("150.00", 1, "50.00")
    assert kpis["cases_by_stage"] == {"not_started": 1}
    assert [(t["week_starting"], t["current_arrears"]) for t in kpis["weekly_trend"]] == [
        (day(0).isoformat(), "300.00"), (day(14).isoformat(), "200.00")]


async def test_annual_rent_debit_is_over_the_rent_years_collectable_weeks(recovery):
    start = date(2024, 6, 3)  # the 2024/25 rent year has 53 weeks (1 April 2024 to 6 April 2025)
    for ref in ("10000016", "10000024"):
        await recovery.tenancy(ref, start=start)
    await recovery.apply(recovery.feed.debit_week(start), recovery.feed.pay("10000024", "100.00", start))
    await recovery.run(date(2024, 6, 5))
    params = {"from": "2024-06-03", "to": "2024-06-16"}
    kpis = (await recovery.client.get("/kpis", headers=recovery.officer, params=params)).json()
    assert (kpis["rent_year"], kpis["collectable_weeks"], kpis["annual_rent_debit"]) == (2024, 53, "10600.00")
    assert kpis["arrears_percent_of_annual_debit"] == "0.94"
    assert kpis["weekly_trend"][0]["arrears_percent_of_annual_debit"] == "0.94"  # the snapshot's debit too
    next_year = (await recovery.client.get("/kpis", headers=recovery.officer,
                                           params={"from": "2025-04-07", "to": "2025-04-13"})).json()
    assert (next_year["collectable_weeks"], next_year["annual_rent_debit"]) == (52, "10400.00")

    def varied(ref: str, rent_free_weeks: list[int] | None) -> RentVariedV1:
        return RentVariedV1(account_ref=ref, effective_from=start, old_weekly_total=Money("100.00"),
                            new_weekly_total=Money("100.00"), notice_required_by=start - timedelta(weeks=4),
                            charges=[ChargeLine(charge_type=ChargeType.RENT, weekly_amount=Money("100.00"),
                                                benefit_eligible=True)], rent_free_weeks=rent_free_weeks)

    await recovery.apply(varied("10000016", [38, 39]))  # billing announces two rent-free weeks at Christmas
    await recovery.apply(varied("10000024", None))  # an event that does not say changes nothing
    kpis = (await recovery.client.get("/kpis", headers=recovery.officer, params=params)).json()
    assert (kpis["collectable_weeks"], kpis["annual_rent_debit"]) == (51, "10200.00")
    await recovery.run(date(2024, 6, 12))
    trend = (await recovery.client.get("/kpis", headers=recovery.officer, params=params)).json()["weekly_trend"]
    assert [t["arrears_percent_of_annual_debit"] for t in trend] == ["0.94", "0.98"]  # 100.00 of 10,200.00


async def test_possession_steps_recorded_by_hand_are_refused_on_leasehold_and_sundry_accounts(recovery):
    for ref, kind in (("10000016", AccountType.LEASEHOLD), ("10000024", AccountType.SUNDRY)):
        await recovery.apply(*recovery.feed.open_tenancy(ref, weekly="0.00", start=day(0), account_type=kind),
                             recovery.feed.post(ref, PostingType.CHARGE, "900.00", day(0)))
        on = day(1).isoformat()
        for step in ({"action": "notice_served", "served_on": on}, {"action": "court_referral"},
                     {"action": "warrant"}, {"action": "eviction", "eviction_date": on},
                     {"action": "court_outcome", "order": "outright_possession", "possession_date": on}):
            refused = await recovery.act(ref, expect=422, taken_on=on, **step)
            assert f"a {kind.value} account cannot be taken through possession" in refused["detail"], step
        await recovery.act(ref, action="money_claim", taken_on=on)
    assert [c["stage"] for c in await recovery.outbox("CourtCaseUpdated")] == ["money_claim", "money_claim"]


async def test_the_pre_action_flag_on_a_stage_drives_the_check_and_the_hold(recovery):
    ref = "10000016"
    await recovery.tenancy(ref)
    for week in range(5):
        await recovery.apply(recovery.feed.debit_week(day(7 * week)))
    body = (await recovery.client.get("/policies/tenant_default", headers=recovery.officer)).json()["policy"]
    [court] = [s for s in body["stages"] if s["action"] == "court_referral"]
    court["pre_action_protocol"] = False
    refused = await recovery.client.put("/policies/tenant_default", headers=recovery.senior,
                                        json={"policy": body, "reason": "x"})
    assert refused.status_code == 422
    assert "a court referral needs the pre-action protocol complete" in refused.json()["errors"][0]["msg"]
    court["pre_action_protocol"] = True
    [nosp] = [s for s in body["stages"] if s["code"] == "nosp"]
    nosp["pre_action_protocol"] = True
    saved = await recovery.client.put("/policies/tenant_default", headers=recovery.senior,
                                      json={"policy": body, "reason": "protocol steps before any notice"})
    assert saved.status_code == 200, saved.text
    for stage, action, on in (("first_letter", "letter", 1), ("second_letter", "letter", 8),
                              ("contact_visit", "visit", 15)):
        await recovery.act(ref, action=action, stage=stage, taken_on=day(on).isoformat(),
                           letter_type={"first_letter": "arrears_first_letter",
                                        "second_letter": "arrears_second_letter"}.get(stage))
    refused = await recovery.act(ref, expect=422, action="notice_served", stage="nosp",
                                 served_on=day(29).isoformat(), taken_on=day(29).isoformat())
    assert refused["detail"] == ("notice served refused: pre-action protocol steps missing: "
                                 "benefit_position_checked, arrangement_offered, debt_advice_signposted")
    await recovery.run(day(29))
    assert await recovery.recommended(ref, day(29)) == ("nosp", "pre_action_protocol")
    for step in ("benefit_checked", "arrangement_offered", "debt_advice_signposted"):
        await recovery.act(ref, action=step, taken_on=day(29).isoformat())
    await recovery.run(day(30))
    assert await recovery.recommended(ref, day(30)) == ("nosp", None)
