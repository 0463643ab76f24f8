"""The London default ladder on a real database: each stage recommended on its day,
accepted by an officer, with its letter requested; NOSP dates; the court referral
refused until the pre-action protocol steps are recorded; hearing, order, warrant."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

REF = "10000016"
MONDAY = date(2026, 6, 1)


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


async def debit(recovery, *mondays: date) -> None:
    for monday in mondays:
        await recovery.apply(recovery.feed.debit_week(monday))


async def test_tenant_goes_through_each_stage_on_its_trigger(recovery):
    await recovery.tenancy(REF, tenants=["Alex Example", "Sam Example"])
    await debit(recovery, day(0))
    await recovery.run(day(2))
    assert await recovery.recommended(REF, day(2)) == ("first_letter", None)
    await recovery.accept(REF, day(2))

    await debit(recovery, day(7))
    await recovery.run(day(8))  # a week after the first letter is not until day 9
    assert await recovery.recommended(REF, day(8)) is None
    await recovery.run(day(9))
    assert await recovery.recommended(REF, day(9)) == ("second_letter", None)
    await recovery.accept(REF, day(9))

    await debit(recovery, day(14))
    await recovery.run(day(16))
    assert await recovery.recommended(REF, day(16)) == ("contact_visit", None)
    await recovery.accept(REF, day(16))

    await debit(recovery, day(21))
    await recovery.run(day(23))
    assert await recovery.recommended(REF, day(23)) == ("nosp", None)
    action = await recovery.accept(REF, day(23), served_on=day(23).isoformat())
    assert action["details"]["served_on"] == day(23).isoformat()
    case = (await recovery.client.get(f"/accounts/{REF}/case", headers=recovery.officer)).json()
    assert case["notice_usable_from"] == day(23 + 28).isoformat()
    assert case["notice_expires_on"] == "2027-06-24"

    await debit(recovery, day(28), day(35), day(42))
    await recovery.run(day(50))  # NOSP not usable until 28 days after service
    assert await recovery.recommended(REF, day(50)) is None
    await recovery.run(day(51))
    assert await recovery.recommended(REF, day(51)) == ("court_warning_letter", None)
    await recovery.accept(REF, day(51))

    await recovery.run(day(65))  # the stage's pre_action_protocol flag holds it while steps are missing
    assert await recovery.recommended(REF, day(65)) == ("court_referral", "pre_action_protocol")
    [held] = await recovery.recommendations(REF, day(65))
    assert held["rank"] is None and held["reason"].endswith(
        "; pre-action protocol steps missing: benefit_position_checked, arrangement_offered, debt_advice_signposted")
    await recovery.accept(REF, day(65), expect=409)
    refused = await recovery.act(REF, expect=422, action="court_referral", stage="court_referral",
                                 taken_on=day(65).isoformat())
    assert refused["detail"] == ("court referral refused: pre-action protocol steps missing: "
                                 "benefit_position_checked, arrangement_offered, debt_advice_signposted")
    pre = (await recovery.client.get(f"/cases/{case['case_id']}/pre-action", headers=recovery.officer)).json()
    assert pre == {"case_id": case["case_id"], "complete": False, "done": ["contact_attempted"],
                   "missing": ["benefit_position_checked", "arrangement_offered", "debt_advice_signposted"]}
    for step in ("benefit_checked", "arrangement_offered", "debt_advice_signposted"):
        await recovery.act(REF, action=step, taken_on=day(65).isoformat())
    await recovery.run(day(66))
    assert await recovery.recommended(REF, day(66)) == ("court_referral", None)
    await recovery.accept(REF, day(66))

    await recovery.act(REF, action="court_hearing", taken_on=day(66).isoformat(), hearing_date=day(90).isoformat())
    await recovery.act(REF, action="court_outcome", taken_on=day(90).isoformat(), order="outright_possession",
                       possession_date=day(118).isoformat())
    await recovery.run(day(117))
    assert await recovery.recommended(REF, day(117)) is None  # possession date not yet reached
    await recovery.run(day(118))
    assert await recovery.recommended(REF, day(118)) == ("warrant", None)
    await recovery.accept(REF, day(118))
    await recovery.run(day(133))
    assert await recovery.recommended(REF, day(133)) == ("eviction", None)

    letters = await recovery.outbox("LetterRequested")
    assert [x["letter_type"] for x in letters] == ["arrears_first_letter", "arrears_second_letter", "nosp_cover_letter",
                                                   "court_warning_letter"]
    first = letters[0]
    assert first["person_ids"] == [f"PER-{REF}-0", f"PER-{REF}-1"]
    assert first["data"]["tenant_names"] == ["Alex Example", "Sam Example"]
    assert first["data"]["address"] == ["1 Acacia Avenue", "Hackney", "London", "E8 1AB"]
    assert first["data"]["balance"] == "100.00"
    assert first["data"]["payer_profile"] == "self_payer"
    assert letters[2]["data"]["proceedings_from"] == day(51).isoformat()
    assert letters[2]["data"]["expires_on"] == "2027-06-24"
    assert first["data"]["as_at"] == day(2).isoformat() and first["data"]["weeks_in_arrears"] == "1.00"
    court = await recovery.outbox("CourtCaseUpdated")
    assert [(c["stage"], c["outcome"]) for c in court] == [
        ("court_referral", None), ("court_hearing", None), ("court_outcome", "outright_possession"),
        ("warrant", None)]
    assert len(await recovery.outbox("RecoveryActionTaken")) == 12


async def test_skipping_needs_a_reason_from_the_setting_and_is_audited(recovery):
    await recovery.tenancy(REF)
    await debit(recovery, day(0))
    await recovery.run(day(2))
    [rec] = await recovery.recommendations(REF, day(2))
    url = f"/recommendations/{rec['recommendation_id']}/skip"
    missing = await recovery.client.post(url, json={}, headers=recovery.officer)
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["loc"] == ["body", "reason"]
    free_text = await recovery.client.post(url, json={"reason": "tenant paid at the office today"},
                                           headers=recovery.officer)
    assert free_text.status_code == 422 and free_text.headers["content-type"] == "application/problem+json"
    assert free_text.json()["errors"][0]["loc"] == ["body", "reason"]
    other_without_note = await recovery.client.post(url, json={"reason": "other"}, headers=recovery.officer)
    assert other_without_note.json()["errors"][0]["loc"] == ["body", "note"]
    assert (await recovery.client.post(url, json={"reason": "other", "note": "tenant paid at the office today"},
                                       headers=recovery.officer)).status_code == 204
    again = await recovery.client.post(url, json={"reason": "payment_promised"}, headers=recovery.officer)
    assert again.status_code == 409
    audit = await recovery.sql("SELECT actor, reason FROM audit_log WHERE action = 'skip'")
    assert [dict(a) for a in audit] == [{"actor": "i.officer", "reason": "Other: tenant paid at the office today"}]
    [skipped] = await recovery.recommendations(REF, day(2))
    assert (skipped["skip_reason"], skipped["skip_note"]) == ("other", "tenant paid at the office today")


async def test_caseload_is_ranked_by_risk_within_the_patch(recovery):
    for ref, weekly in (("10000024", "100.00"), ("10000032", "100.00"), ("10000040", "100.00")):
        await recovery.tenancy(ref, weekly=weekly, patch="HK02")
    await debit(recovery, day(0), day(7), day(14))
    await recovery.apply(recovery.feed.pay("10000024", "250.00", day(15)),  # paying most of it
                         recovery.feed.pay("10000032", "100.00", day(15)))
    await recovery.run(day(16))
    caseload = (await recovery.client.get("/caseloads/HK02", headers=recovery.officer)).json()
    assert [(c["account_ref"], c["rank"]) for c in caseload] == [("10000040", 1), ("10000032", 2), ("10000024", 3)]
    risks = [Decimal(c["risk_score"]) for c in caseload]
    assert risks == sorted(risks, reverse=True) and len(set(risks)) == 3
    limited = recovery.token("patchy", "income_officer")
    assert (await recovery.client.get("/caseloads/HK02", headers=limited)).status_code == 200


async def test_an_officer_limited_to_other_patches_cannot_see_or_work_their_accounts(recovery, dev_issuer):
    await recovery.tenancy(REF, patch="HK02")
    header = {"Authorization": f"Bearer {dev_issuer.mint('x', ['income_officer'], patches=['LS01'])}"}
    response = await recovery.client.get("/caseloads/HK02", headers=header)
    assert response.status_code == 403
    assert response.json()["detail"] == "patch HK02 is not in one of your patches"
    for method, url, body in (("GET", f"/accounts/{REF}", None), ("GET", f"/accounts/{REF}/arrangements", None),
                              ("POST", f"/accounts/{REF}/actions", {"action": "call", "taken_on": "2026-06-02"})):
        response = await recovery.client.request(method, url, headers=header, json=body)
        assert response.status_code == 403, url
    own = {"Authorization": f"Bearer {dev_issuer.mint('y', ['income_officer'], patches=['HK02'])}"}
    assert (await recovery.client.get(f"/accounts/{REF}", headers=own)).status_code == 200


async def test_daily_run_once_per_date_forward_only_and_not_for_the_future(recovery):
    first = await recovery.run(day(0))
    again = await recovery.run(day(0), expect=200)
    assert again["run_id"] == first["run_id"]
    future = await recovery.run(date.today() + timedelta(days=1), expect=422)
    assert "future" in future["detail"]
    earlier = await recovery.run(day(-1), expect=409)
    assert earlier["detail"] == f"the daily run has already been done for {day(0)}, after {day(-1)}"
    [done] = (await recovery.client.get("/daily-runs", headers=recovery.officer)).json()
    assert (done["run_date"], done["recommended"]) == (day(0).isoformat(), 0)


async def test_suspended_order_terms_become_an_arrangement_whose_breach_makes_the_order_enforceable(recovery):
    await recovery.tenancy(REF)
    for week in range(6):
        await debit(recovery, day(7 * week))
    for stage, on in (("first_letter", 1), ("second_letter", 8), ("contact_visit", 15), ("nosp", 22),
                      ("court_warning_letter", 50), ("court_referral", 64)):
        await recovery.act(REF, action={"first_letter": "letter", "second_letter": "letter",
                                        "court_warning_letter": "letter", "contact_visit": "visit",
                                        "nosp": "notice_served", "court_referral": "court_referral"}[stage],
                           stage=stage, taken_on=day(on).isoformat(), served_on=day(on).isoformat()
                           if stage == "nosp" else None, letter_type={"first_letter": "arrears_first_letter",
                                                                       "second_letter": "arrears_second_letter",
                                                                       "court_warning_letter": "court_warning_letter",
                                                                       }.get(stage))
        if stage == "court_warning_letter":
            for step in ("benefit_checked", "arrangement_offered", "debt_advice_signposted"):
                await recovery.act(REF, action=step, taken_on=day(on).isoformat())
    missing_terms = await recovery.act(REF, expect=422, action="court_outcome", taken_on=day(80).isoformat(),
                                       order="suspended_possession")
    assert missing_terms["detail"] == "a suspended_possession order needs its terms (terms_weekly)"
    await recovery.act(REF, action="court_outcome", taken_on=day(84).isoformat(), order="suspended_possession",
                       terms_weekly="5.00")
    [plan] = (await recovery.client.get(f"/accounts/{REF}/arrangements", headers=recovery.officer)).json()
    assert (plan["source"], plan["instalment"], plan["start_date"]) == ("court_order", "5.00", day(84).isoformat())

    await recovery.apply(recovery.feed.pay(REF, "105.00", day(85)))
    await recovery.run(day(91))
    assert await recovery.recommended(REF, day(91)) is None  # terms kept: the order cannot be enforced
    await recovery.run(day(98))  # nothing paid in the second week of the terms
    assert await recovery.recommended(REF, day(98)) == ("warrant", None)
    case = (await recovery.client.get(f"/accounts/{REF}/case", headers=recovery.officer)).json()
    assert (case["court_order"], case["order_breached"]) == ("suspended_possession", True)
