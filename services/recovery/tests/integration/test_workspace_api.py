"""The staff workspace's backend on real PostgreSQL: monthly arrangements missed per
calendar month, cancelled with a reason and their history; an officer's pause held by the
daily run; the worktray's tabs, filters and pages; the account's audit trail and diary."""

from __future__ import annotations

from datetime import date, timedelta

from shared.calendar import part_week_charge, rent_week_of
from shared.money import Money

MONDAY = date(2026, 6, 1)
TODAY = date.today()


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


# A Universal Credit budget by the month: £466.67 a month left once the £100.00 weekly rent is paid.
UC_BUDGET = {"assessment_basis": "monthly", "income": {"benefits_and_tax_credits": "1500.00"},
             "expenditure": {"home_and_contents": "433.33", "food_and_housekeeping": "600.00"}}


def monthly(instalment: str, start: date) -> dict:
    return {"frequency": "monthly", "instalment": instalment, "start_date": start.isoformat(), **UC_BUDGET}


async def in_arrears(recovery, ref: str, weeks: int = 3, **kw) -> None:
    await recovery.tenancy(ref, **kw)
    for w in range(weeks):
        await recovery.apply(recovery.feed.debit_week(day(7 * w), [ref]))


async def test_a_monthly_arrangement_is_previewed_then_kept_or_missed_by_calendar_month(recovery):
    ref = "10000016"
    await in_arrears(recovery, ref, weeks=12)
    url = f"/accounts/{ref}/arrangements"
    too_much = await recovery.client.post(f"{url}/preview", headers=recovery.officer,
                                          json=monthly("466.68", day(14)))
    assert too_much.status_code == 200, too_much.text
    assert too_much.json()["affordable"] is False
    assert too_much.json()["refusal"] == ("£466.68 a month is not affordable: the income and expenditure "
                                          "assessment leaves £466.67 a month")
    preview = (await recovery.client.post(f"{url}/preview", headers=recovery.officer,
                                          json=monthly("100.00", day(14)))).json()
    assert (preview["affordable"], preview["disposable_monthly"], preview["instalment_weekly"]) == (
        True, "466.67", "23.08")
    refused = await recovery.client.post(url, headers=recovery.officer, json=monthly("466.68", day(14)))
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "instalment"]

    made = await recovery.client.post(url, headers=recovery.officer, json=monthly("100.00", day(14)))
    assert made.status_code == 201, made.text
    arrangement = made.json()
    assert [(p["period_start"], p["period_end"]) for p in arrangement["schedule"][:3]] == [
        ("2026-06-15", "2026-07-14"), ("2026-07-15", "2026-08-14"), ("2026-08-15", "2026-09-14")]
    part = part_week_charge(Money("100.00"), rent_week_of(date(2026, 7, 13)), date(2026, 7, 13), date(2026, 7, 14))
    expected_first = Money("400.00") + part + Money("100.00")
    assert arrangement["schedule"][0]["expected"] == str(expected_first)
    assert arrangement["assessment"]["basis"] == "monthly"

    await recovery.apply(recovery.feed.pay(ref, str(expected_first), date(2026, 7, 1)))
    await recovery.run(date(2026, 7, 15))
    await recovery.run(date(2026, 8, 15))  # nothing paid from 15 July to 14 August
    [listed] = (await recovery.client.get(url, headers=recovery.officer)).json()
    assert (listed["status"], listed["periods_kept"], listed["periods_missed"]) == ("breached", 1, 1)
    assert [(p["period_no"], p["kept"]) for p in listed["periods"]] == [(1, True), (2, False)]
    assert [(h["status"], h["changed_by"], h["changed_on"]) for h in listed["history"]] == [
        ("active", "i.officer", TODAY.isoformat()), ("breached", "system:daily-run", "2026-08-15")]
    assert listed["history"][1]["reason"].startswith("period ending 2026-08-14: missed")


async def test_an_arrangement_is_cancelled_once_with_a_reason_kept_in_its_history(recovery):
    ref = "10000024"
    await in_arrears(recovery, ref)
    arrangement = (await recovery.client.post(f"/accounts/{ref}/arrangements", headers=recovery.officer,
                                              json=monthly("100.00", day(14)))).json()
    url = f"/arrangements/{arrangement['arrangement_id']}/cancel"
    no_reason = await recovery.client.post(url, headers=recovery.officer, json={})
    assert no_reason.status_code == 422 and no_reason.json()["errors"][0]["loc"] == ["body", "reason"]
    key = {**recovery.officer, "Idempotency-Key": "cancel-0001"}
    cancelled = await recovery.client.post(url, headers=key, json={"reason": "tenant moved to Direct Debit"})
    assert cancelled.status_code == 200, cancelled.text
    replayed = await recovery.client.post(url, headers=key, json={"reason": "tenant moved to Direct Debit"})
    assert replayed.headers.get("Idempotent-Replay") == "true" and replayed.json() == cancelled.json()
    body = cancelled.json()
    assert (body["status"], body["cancelled_by"], body["cancel_reason"]) == (
        "cancelled", "i.officer", "tenant moved to Direct Debit")
    assert [h["status"] for h in body["history"]] == ["active", "cancelled"]
    again = await recovery.client.post(url, headers=recovery.officer, json={"reason": "again"})
    assert again.status_code == 409
    # A new one can be agreed once the old is cancelled.
    assert (await recovery.client.post(f"/accounts/{ref}/arrangements", headers=recovery.officer,
                                       json=monthly("80.00", day(21)))).status_code == 201


async def test_a_paused_case_gets_no_recommendation_until_unpaused(recovery):
    ref = "10000032"
    await in_arrears(recovery, ref, weeks=1)
    url = f"/accounts/{ref}/pause"
    until = (TODAY + timedelta(days=14)).isoformat()
    unknown = await recovery.client.post(url, headers=recovery.officer, json={"reason": "on holiday", "until": until})
    assert unknown.status_code == 422 and unknown.json()["errors"][0]["loc"] == ["body", "reason"]
    past = await recovery.client.post(url, headers=recovery.officer,
                                      json={"reason": "promise_of_payment", "until": TODAY.isoformat()})
    assert past.json()["errors"][0]["loc"] == ["body", "until"]
    other = await recovery.client.post(url, headers=recovery.officer, json={"reason": "other", "until": until})
    assert other.json()["errors"][0]["loc"] == ["body", "note"]
    paused = await recovery.client.post(url, headers=recovery.officer, json={
        "reason": "promise_of_payment", "until": until, "note": "will pay on the 20th"})
    assert paused.status_code == 200, paused.text
    assert (paused.json()["pause_reason"], paused.json()["paused_until"]) == ("promise_of_payment", until)

    await recovery.run(day(2))
    assert await recovery.recommended(ref, day(2)) == ("first_letter", "officer_pause")
    [rec] = await recovery.recommendations(ref, day(2))
    held = await recovery.client.post(f"/recommendations/{rec['recommendation_id']}/accept", json={},
                                      headers=recovery.officer)
    assert held.status_code == 409

    resumed = await recovery.client.post(f"/accounts/{ref}/unpause", headers=recovery.officer,
                                         json={"note": "promise broken"})
    assert resumed.status_code == 200 and resumed.json()["paused_until"] is None
    assert (await recovery.client.post(f"/accounts/{ref}/unpause", headers=recovery.officer,
                                       json={})).status_code == 409
    await recovery.run(day(3))
    assert await recovery.recommended(ref, day(3)) == ("first_letter", None)


async def worktray(recovery, query: str, headers=None) -> dict:
    response = await recovery.client.get(f"/caseloads/HK01/worktray?{query}", headers=headers or recovery.officer)
    assert response.status_code == 200, response.text
    return response.json()


async def test_the_worktray_shows_each_tab_filtered_and_paged(recovery, dev_issuer):
    refs = {"due": "10000040", "paused": "10000057", "space": "10000065", "arranged": "10000073",
            "court": "10000081"}
    for name, ref in refs.items():
        await in_arrears(recovery, ref, weeks=1, tenants=[f"{name.title()} Tenant", "Other Tenant"])
    await in_arrears(recovery, "10000099", weeks=1, patch="HK02")
    await recovery.apply(recovery.feed.pay(refs["due"], "20.00", day(1)))
    await recovery.client.post(f"/accounts/{refs['paused']}/pause", headers=recovery.officer, json={
        "reason": "delayed_benefit", "until": (TODAY + timedelta(days=7)).isoformat()})
    await recovery.client.post(f"/accounts/{refs['space']}/breathing-space", headers=recovery.officer, json={
        "kind": "standard", "reference": "DRS-9", "start_date": day(0).isoformat()})
    await recovery.client.post(f"/accounts/{refs['arranged']}/arrangements", headers=recovery.officer,
                               json=monthly("30.00", day(7)))
    hearing = (TODAY + timedelta(days=30)).isoformat()
    await recovery.act(refs["court"], action="court_hearing", taken_on=day(1).isoformat(), hearing_date=hearing)
    await recovery.run(day(2))

    recommended = await worktray(recovery, "tab=recommended")
    assert [r["account_ref"] for r in recommended["items"]] == [refs["due"]]
    [row] = recommended["items"]
    assert (row["lead_tenant"], row["balance"], row["weeks_in_arrears"], row["recommended_action"],
            row["stage"]) == ("Due Tenant", "80.00", "0.8", "letter", "not_started")
    position = (await recovery.client.get(f"/accounts/{refs['due']}", headers=recovery.officer)).json()
    assert (row["last_payment_on"], row["last_payment_amount"]) == (
        position["last_payment_on"], position["last_payment_amount"])
    assert row["risk"] is not None and row["rank"] == 1

    paused_tab = (await worktray(recovery, "tab=paused"))["items"]
    paused = {r["account_ref"]: (r["hold"], r["pause_reason"]) for r in paused_tab}
    assert paused == {refs["paused"]: ("officer_pause", "delayed_benefit"), refs["space"]: ("breathing_space", None)}
    [arranged] = (await worktray(recovery, "tab=arrangements"))["items"]
    assert (arranged["account_ref"], arranged["arrangement_status"], arranged["arrangement_frequency"]) == (
        refs["arranged"], "active", "monthly")
    [court] = (await worktray(recovery, "tab=court"))["items"]
    assert (court["account_ref"], court["court_date"]) == (refs["court"], hearing)

    everything = await worktray(recovery, "tab=all&limit=2")
    assert (everything["total"], len(everything["items"])) == (5, 2)
    last_page = await worktray(recovery, "tab=all&limit=2&offset=4")
    assert (last_page["total"], len(last_page["items"])) == (5, 1)
    beyond = await worktray(recovery, "tab=all&limit=2&offset=10")
    assert (beyond["total"], beyond["items"]) == (5, [])
    assert (await worktray(recovery, "tab=all&stage=not_started"))["total"] == 5
    assert (await worktray(recovery, "tab=all&stage=first_letter"))["total"] == 0
    assert (await worktray(recovery, "tab=recommended&action=visit"))["total"] == 0

    other_patch = {"Authorization": f"Bearer {dev_issuer.mint('x', ['income_officer'], patches=['HK02'])}"}
    refused = await recovery.client.get("/caseloads/HK01/worktray", headers=other_patch)
    assert refused.status_code == 403
    bad_tab = await recovery.client.get("/caseloads/HK01/worktray?tab=evictions", headers=recovery.officer)
    assert bad_tab.status_code == 422 and bad_tab.json()["errors"][0]["loc"] == ["query", "tab"]
    # The caseload route is as it was.
    assert [r["account_ref"] for r in (await recovery.client.get("/caseloads/HK01", headers=recovery.officer)
                                       ).json()] == [refs["due"]]


async def test_an_accounts_audit_trail_and_diary(recovery, dev_issuer):
    ref = "10000107"
    await in_arrears(recovery, ref)
    assert (await recovery.act(ref, expect=422, action="note", taken_on=day(2).isoformat()))["errors"][0][
        "loc"] == ["body", "notes"]
    await recovery.act(ref, action="note", taken_on=day(2).isoformat(), notes="tenant says UC starts next month")
    await recovery.client.patch(f"/accounts/{ref}/flags", headers=recovery.officer,
                                json={"benefit_claim_pending": True, "reason": "UC claim made"})
    await recovery.client.post(f"/accounts/{ref}/pause", headers=recovery.officer, json={
        "reason": "delayed_benefit", "until": (TODAY + timedelta(days=7)).isoformat()})
    arrangement = (await recovery.client.post(f"/accounts/{ref}/arrangements", headers=recovery.officer,
                                              json=monthly("100.00", day(14)))).json()
    await recovery.client.post(f"/arrangements/{arrangement['arrangement_id']}/cancel", headers=recovery.officer,
                               json={"reason": "made in error"})
    await in_arrears(recovery, "10000115")  # another account's records are not listed
    await recovery.act("10000115", action="note", taken_on=day(2).isoformat(), notes="not this one")

    diary = (await recovery.client.get(f"/accounts/{ref}/actions", headers=recovery.officer)).json()
    assert [(a["action"], a["details"].get("notes")) for a in diary] == [
        ("arrangement_made", None), ("note", "tenant says UC starts next month")]

    auditor = {"Authorization": f"Bearer {dev_issuer.mint('a.auditor', ['auditor'])}"}
    trail = (await recovery.client.get(f"/accounts/{ref}/audit", headers=auditor)).json()
    assert trail["total"] == 6
    assert [(r["entity"], r["action"]) for r in trail["items"]] == [
        ("arrangement", "cancel"), ("arrangement", "create"), ("recovery_case", "arrangement_made"),
        ("recovery_case", "pause"), ("account", "flags"), ("recovery_case", "note")]
    assert trail["items"][0]["reason"] == "made in error" and trail["items"][0]["actor"] == "i.officer"
    page = (await recovery.client.get(f"/accounts/{ref}/audit?limit=2&offset=2", headers=recovery.officer)).json()
    assert [(r["entity"], r["action"]) for r in page["items"]] == [
        ("recovery_case", "arrangement_made"), ("recovery_case", "pause")]
    other_patch = {"Authorization": f"Bearer {dev_issuer.mint('x', ['income_officer'], patches=['HK02'])}"}
    assert (await recovery.client.get(f"/accounts/{ref}/audit", headers=other_patch)).status_code == 403
    approver = {"Authorization": f"Bearer {dev_issuer.mint('f', ['finance_approver'])}"}
    assert (await recovery.client.get(f"/accounts/{ref}/audit", headers=approver)).status_code == 403
