"""Former tenant arrears: the case opened on termination, the benefit end-date check,
limitation, tracing, agency referral batches, recall and commission; write-offs with
maker-checker and approval limits."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, timedelta

from shared.contracts.payments import PaymentReceivedV1, PaymentReversedV1
from shared.contracts.types import PaymentMethod, PostingType

MONDAY = date(2026, 6, 1)
REF, OTHER = "10000016", "10000024"


def day(n: int) -> date:
    return MONDAY + timedelta(days=n)


async def former_tenant(recovery, ref: str, weeks: int = 4, hb: bool = False, ended: date | None = None) -> dict:
    await recovery.tenancy(ref)
    for week in range(weeks):
        await recovery.apply(recovery.feed.debit_week(day(7 * week), [ref]))
    if hb:
        await recovery.apply(recovery.feed.pay(ref, "50.00", day(7), PostingType.HB_CREDIT))
    await recovery.apply(recovery.feed.terminate(ref, ended or day(7 * weeks - 1), "abandoned",
                                                 forwarding_address=["9 New Road", "Leeds"]))
    cases = (await recovery.client.get("/fta", headers=recovery.officer)).json()
    return next(c for c in cases if c["account_ref"] == ref)


async def test_termination_with_a_debit_opens_an_fta_case_with_its_limitation_date(recovery):
    case = await former_tenant(recovery, REF, hb=True)
    assert case["balance_at_termination"] == "350.00" and case["balance"] == "350.00"
    assert case["benefit_check"] == "required"  # HB was in payment: check it ran to the end date
    assert case["limitation_date"] == "2032-06-28"  # 6 years from the end of the tenancy, the last debt
    assert case["forwarding_address"] == ["9 New Road", "Leeds"] and not case["statute_barred"]
    url = f"/fta/{case['fta_id']}"
    ack = await recovery.client.post(f"{url}/acknowledgements", headers=recovery.officer,
                                     json={"acknowledged_on": day(60).isoformat(), "how": "signed reply form"})
    assert ack.json()["limitation_date"] == "2032-07-31"
    await recovery.apply(recovery.feed.pay(REF, "5.00", day(75)))
    assert (await recovery.client.get(url, headers=recovery.officer)).json()["limitation_date"] == "2032-08-15"
    checked = await recovery.client.post(f"{url}/benefit-check", headers=recovery.officer,
                                         json={"note": "HB paid to 28 June, the right end date"})
    assert checked.json()["benefit_check"] == "done"

    trace = (await recovery.client.post(f"{url}/traces", headers=recovery.officer,
                                        json={"method": "credit reference agency",
                                              "requested_on": day(61).isoformat()})).json()
    assert trace["result"] == "pending"
    empty = await recovery.client.post(f"/traces/{trace['trace_id']}/result", headers=recovery.officer,
                                       json={"found": True, "result_on": day(70).isoformat()})
    assert empty.status_code == 422 and empty.json()["detail"] == "a successful trace needs the address found"
    found = await recovery.client.post(f"/traces/{trace['trace_id']}/result", headers=recovery.officer, json={
        "found": True, "address": ["3 Mill Lane", "Bradford"], "result_on": day(70).isoformat()})
    assert found.status_code == 204
    assert (await recovery.client.get(url, headers=recovery.officer)).json()["traced_address"] == [
        "3 Mill Lane", "Bradford"]


async def hb_credit(recovery, ref: str, amount: str, paid_on: date, period_from: date, period_to: date,
                    payment_id: uuid.UUID | None = None) -> uuid.UUID:
    """Housing Benefit as it arrives: payments' PaymentReceived with its period, billing's credit."""
    payment_id = payment_id or uuid.uuid4()
    await recovery.apply(PaymentReceivedV1(
        payment_id=payment_id, account_ref=ref, amount=amount, method=PaymentMethod.HOUSING_BENEFIT,
        channel="hb_schedule", received_on=paid_on, external_id=f"HB:{ref}:{period_from}:{period_to}",
        source=f"file:{uuid.uuid4()}:1", period_from=period_from, period_to=period_to))
    await recovery.apply(recovery.feed.pay(ref, amount, paid_on, PostingType.HB_CREDIT))
    return payment_id


def hb_reversal(ref: str, payment_id: uuid.UUID, amount: str, on: date) -> PaymentReversedV1:
    return PaymentReversedV1(reversal_id=uuid.uuid4(), payment_id=payment_id, account_ref=ref, amount=amount,
                             method=PaymentMethod.HOUSING_BENEFIT, reason_code="HBCANC",
                             reason="HB claim cancelled from the start of the period", reversed_on=on,
                             source=f"file:{uuid.uuid4()}:1")


async def test_a_reversed_hb_credit_no_longer_pays_for_its_period(recovery):
    await recovery.tenancy(REF)
    for week in range(4):
        await recovery.apply(recovery.feed.debit_week(day(7 * week), [REF]))
    await hb_credit(recovery, REF, "140.00", day(14), day(0), day(13))
    last = await hb_credit(recovery, REF, "70.00", day(21), day(14), day(20))
    await recovery.apply(recovery.feed.terminate(REF, day(27), "moved out"))
    [case] = (await recovery.client.get("/fta", headers=recovery.officer)).json()
    url = f"/fta/{case['fta_id']}"
    assert (case["benefit"]["paid_to"], case["benefit"]["estimated_due"]) == (day(20).isoformat(), "70.00")

    part = hb_reversal(REF, last, "35.00", day(30))  # half taken back: the period was paid at half the rate
    await recovery.apply(part, recovery.feed.post(REF, PostingType.PAYMENT_REVERSAL, "35.00", day(30)))
    await recovery.apply(part)  # delivered again: counted once
    benefit = (await recovery.client.get(url, headers=recovery.officer)).json()["benefit"]
    assert (benefit["paid_to"], benefit["days_unpaid"], benefit["estimated_due"]) == (day(20).isoformat(), 7, "35.00")

    await recovery.apply(hb_reversal(REF, last, "35.00", day(31)),
                         recovery.feed.post(REF, PostingType.PAYMENT_REVERSAL, "35.00", day(31)))
    case = (await recovery.client.get(url, headers=recovery.officer)).json()
    assert (case["benefit"]["paid_to"], case["benefit"]["days_unpaid"], case["benefit"]["estimated_due"]) == (
        day(13).isoformat(), 14, "140.00")  # the credit before it is the latest that still pays
    assert (case["balance"], case["chaseable"]) == ("260.00", "120.00")
    [row] = await recovery.sql("SELECT count(*) AS n, sum(amount) AS total FROM benefit_reversal")
    assert (row["n"], str(row["total"])) == (2, "70.00")


async def test_a_reversal_consumed_before_its_hb_credit_still_applies_and_others_are_ignored(recovery):
    await recovery.tenancy(REF)
    for week in range(4):
        await recovery.apply(recovery.feed.debit_week(day(7 * week), [REF]))
    await hb_credit(recovery, REF, "140.00", day(14), day(0), day(13))
    late = uuid.uuid4()
    await recovery.apply(hb_reversal(REF, late, "70.00", day(22)))  # overtook its PaymentReceived
    await hb_credit(recovery, REF, "70.00", day(21), day(14), day(20), payment_id=late)
    dd = PaymentReversedV1(reversal_id=uuid.uuid4(), payment_id=uuid.uuid4(), account_ref=REF, amount="20.00",
                           method=PaymentMethod.DIRECT_DEBIT, reason_code="0", reason="refer to payer",
                           reversed_on=day(22), source="file:arudd:1")
    no_payment = hb_reversal(REF, late, "70.00", day(22)).model_copy(update={"payment_id": None})
    await recovery.apply(dd, no_payment)
    await recovery.apply(recovery.feed.terminate(REF, day(27), "moved out"))
    [case] = (await recovery.client.get("/fta", headers=recovery.officer)).json()
    assert (case["benefit_check"], case["benefit"]["paid_to"]) == ("required", day(13).isoformat())
    assert [r["payment_id"] for r in await recovery.sql("SELECT payment_id FROM benefit_reversal")] == [late]


async def test_benefit_check_compares_the_periods_with_the_end_date_and_holds_chasing_until_done(recovery):
    await recovery.tenancy(REF)
    for week in range(4):
        await recovery.apply(recovery.feed.debit_week(day(7 * week), [REF]))
    await hb_credit(recovery, REF, "140.00", day(14), day(0), day(13))
    await hb_credit(recovery, REF, "70.00", day(21), day(14), day(20))  # HB paid to 21 June
    await recovery.apply(recovery.feed.terminate(REF, day(27), "moved out"))  # ended 28 June
    [case] = (await recovery.client.get("/fta", headers=recovery.officer)).json()
    url = f"/fta/{case['fta_id']}"
    assert (case["balance"], case["benefit_check"]) == ("190.00", "required")
    benefit = case["benefit"]
    assert (benefit["paid_to"], benefit["paid_to_end"], benefit["days_unpaid"]) == (day(20).isoformat(), False, 7)
    assert (benefit["estimated_due"], benefit["still_due"], case["chaseable"]) == ("70.00", "70.00", "120.00")
    assert case["chasing_held"].startswith("benefit_check: ")

    await recovery.client.put("/agencies/ACME", headers=recovery.senior,
                              json={"name": "ACME", "commission_percent": "15.00"})
    held = [
        await recovery.client.post(f"{url}/letters", headers=recovery.officer, json={}),
        await recovery.client.post("/write-offs", headers={**recovery.officer, "Idempotency-Key": "wo-held-01"},
                                   json={"account_ref": REF, "amount": "10.00", "reason": "uneconomic", "note": "x"}),
        await recovery.client.post("/accounts/10000016/actions", headers=recovery.officer, json={
            "action": "letter", "letter_type": "fta_letter", "taken_on": day(30).isoformat()}),
        await recovery.client.post("/agencies/ACME/referral-batches", headers=recovery.officer,
                                   json={"referred_on": day(30).isoformat()}),
    ]
    assert [r.status_code for r in held] == [422] * 4
    assert [r.json()["detail"].split(": ")[0] for r in held[:3]] == [
        "the former tenant arrears letter is held", "a write-off proposal is held", "fta letter is held"]
    assert held[3].json()["detail"] == ("no former tenant arrears case is eligible for referral "
                                        "(1 held by their benefit check)")
    assert await recovery.outbox("LetterRequested") == []

    done = (await recovery.client.post(f"{url}/benefit-check", headers=recovery.officer,
                                       json={"note": "HB claim ends 28 June; last week not yet paid"})).json()
    assert (done["benefit_check"], done["chasing_held"], done["benefit"]["checked_by"]) == ("done", None, "i.officer")
    assert (done["benefit"]["still_due"], done["chaseable"]) == ("70.00", "120.00")
    sent = await recovery.client.post(f"{url}/letters", headers=recovery.officer, json={})
    assert sent.status_code == 201, sent.text
    [letter] = await recovery.outbox("LetterRequested")
    assert letter["data"]["balance"] == "120.00"  # the week HB will still pay is not asked of the tenant
    too_much = await recovery.client.post("/write-offs", headers={**recovery.officer, "Idempotency-Key": "wo-ok-001"},
                                          json={"account_ref": REF, "amount": "120.01", "reason": "uneconomic",
                                                "note": "x"})
    assert too_much.status_code == 422
    assert too_much.json()["detail"] == ("£120.01 (with £0.00 already proposed) is more than the £120.00 left after "
                                         "£70.00 still expected from the benefit")
    batch = (await recovery.client.post("/agencies/ACME/referral-batches", headers=recovery.officer,
                                        json={"referred_on": day(30).isoformat()})).json()
    [row] = list(csv.DictReader(io.StringIO(batch["export_csv"])))
    assert (row["balance"], batch["held"]) == ("120.00", [])
    [referral] = await recovery.sql("SELECT balance_referred FROM dca_referral")
    assert str(referral["balance_referred"]) == "120.00"

    await hb_credit(recovery, REF, "70.00", day(35), day(21), day(27))  # the last week, paid after the end
    paid = (await recovery.client.get(url, headers=recovery.officer)).json()
    assert (paid["benefit"]["paid_to"], paid["benefit"]["paid_to_end"], paid["benefit"]["still_due"]) == (
        day(27).isoformat(), True, "0.00")
    assert (paid["balance"], paid["chaseable"]) == ("120.00", "120.00")


async def test_benefit_still_due_confirmed_by_the_officer_is_not_chased_and_falls_as_benefit_arrives(recovery):
    case = await former_tenant(recovery, REF, hb=True)  # HB credited without its period: paid-to unknown
    assert (case["benefit_check"], case["benefit"]["paid_to"], case["benefit"]["still_due"]) == (
        "required", None, "0.00")
    url = f"/fta/{case['fta_id']}"
    negative = await recovery.client.post(f"{url}/benefit-check", headers=recovery.officer,
                                          json={"note": "x", "benefit_due": "-1.00"})
    assert negative.status_code == 422
    done = (await recovery.client.post(f"{url}/benefit-check", headers=recovery.officer, json={
        "note": "HB confirm £100 due to the end date", "benefit_due": "100.00"})).json()
    assert (done["benefit"]["confirmed_due"], done["benefit"]["still_due"], done["chaseable"]) == (
        "100.00", "100.00", "250.00")
    await recovery.apply(recovery.feed.pay(REF, "60.00", day(40), PostingType.HB_CREDIT))
    now = (await recovery.client.get(url, headers=recovery.officer)).json()
    assert (now["balance"], now["benefit"]["still_due"], now["chaseable"]) == ("290.00", "40.00", "250.00")
    # That credit taken back: it paid nothing of what HB confirmed.
    await recovery.apply(hb_reversal(REF, uuid.uuid4(), "60.00", day(41)),
                         recovery.feed.post(REF, PostingType.PAYMENT_REVERSAL, "60.00", day(41)))
    now = (await recovery.client.get(url, headers=recovery.officer)).json()
    assert (now["balance"], now["benefit"]["still_due"], now["chaseable"]) == ("350.00", "100.00", "250.00")


async def test_benefit_credited_after_the_termination_makes_the_check_required(recovery):
    case = await former_tenant(recovery, REF)
    assert (case["benefit_check"], case["chasing_held"]) == ("not_applicable", None)
    await hb_credit(recovery, REF, "300.00", day(35), day(0), day(20))  # a late claim, backdated, short of the end
    case = (await recovery.client.get(f"/fta/{case['fta_id']}", headers=recovery.officer)).json()
    assert (case["benefit_check"], case["benefit"]["days_unpaid"], case["benefit"]["still_due"]) == (
        "required", 7, "100.00")
    assert case["chasing_held"] == (
        "benefit_check: Housing Benefit/Universal Credit was in payment when the tenancy ended on 2026-06-28; "
        "confirm it was paid up to that date before chasing the former tenant (paid to 2026-06-21, 7 days short: "
        "about £100.00 may still come from the benefit)")


async def test_credit_balance_at_termination_opens_no_case(recovery):
    await recovery.tenancy(REF)
    await recovery.apply(recovery.feed.pay(REF, "20.00", day(1)), recovery.feed.terminate(REF, day(6)))
    assert (await recovery.client.get("/fta", headers=recovery.officer)).json() == []


async def test_agency_referral_batch_export_recall_commission_and_performance(recovery):
    await former_tenant(recovery, REF)
    await former_tenant(recovery, OTHER, weeks=2)
    senior = recovery.senior
    for code, rate in (("ACME", "15.00"), ("BETA", "20.00")):
        response = await recovery.client.put(f"/agencies/{code}", headers=senior,
                                             json={"name": f"{code} Collections", "commission_percent": rate})
        assert response.status_code == 200, response.text
    batch = (await recovery.client.post("/agencies/ACME/referral-batches", headers=recovery.officer,
                                        json={"referred_on": day(40).isoformat()})).json()
    rows = list(csv.DictReader(io.StringIO(batch["export_csv"])))
    assert [(r["account_ref"], r["balance"], r["debtor_names"], r["last_known_address"]) for r in rows] == [
        (REF, "400.00", "Alex Example", "9 New Road, Leeds"), (OTHER, "200.00", "Alex Example", "9 New Road, Leeds")]
    assert batch["referrals"] == 2
    nothing = await recovery.client.post("/agencies/BETA/referral-batches", headers=recovery.officer,
                                         json={"referred_on": day(41).isoformat()})
    assert nothing.status_code == 422  # both already placed with ACME

    await recovery.apply(recovery.feed.pay(REF, "100.00", day(50)), recovery.feed.pay(OTHER, "40.00", day(52)))
    other_referral = next(r["referral_id"] for r in rows if r["account_ref"] == OTHER)
    recall = await recovery.client.post(f"/referrals/{other_referral}/recall", headers=recovery.officer,
                                        json={"recalled_on": day(55).isoformat(), "reason": "no contact in 2 weeks"})
    assert recall.status_code == 204
    await recovery.apply(recovery.feed.pay(OTHER, "60.00", day(60)))  # after recall: not the agency's
    rebatch = (await recovery.client.post("/agencies/BETA/referral-batches", headers=recovery.officer,
                                          json={"referred_on": day(61).isoformat()})).json()
    assert rebatch["referrals"] == 1
    await recovery.apply(recovery.feed.pay(OTHER, "10.00", day(62)))

    report = (await recovery.client.get("/agencies/performance", headers=recovery.officer,
                                        params={"from": day(30).isoformat(), "to": day(90).isoformat()})).json()
    acme, beta = report
    assert (acme["referred"], acme["recalled"], acme["collected"], acme["commission"]) == (2, 1, "140.00", "21.00")
    assert acme["net_to_landlord"] == "119.00" and acme["collection_rate_percent"] == "23.33"
    assert (beta["referred"], beta["recalled"], beta["collected"], beta["commission"]) == (1, 0, "10.00", "2.00")


async def test_write_off_maker_checker_limits_and_idempotency(recovery):
    await former_tenant(recovery, REF)
    maker = recovery.token("m.maker", "income_officer")
    body = {"account_ref": REF, "amount": "400.00", "reason": "untraceable", "note": "three traces failed"}
    too_much = await recovery.client.post("/write-offs", headers={**maker, "Idempotency-Key": "wo-key-0001"},
                                          json={**body, "amount": "400.01"})
    assert too_much.status_code == 422 and "more than the debt of £400.00" in too_much.json()["detail"]
    proposed = await recovery.client.post("/write-offs", headers={**maker, "Idempotency-Key": "wo-key-0002"},
                                          json=body)
    assert proposed.status_code == 201, proposed.text
    write_off = proposed.json()["write_off_id"]
    replayed = await recovery.client.post("/write-offs", headers={**maker, "Idempotency-Key": "wo-key-0002"},
                                          json=body)
    assert replayed.json()["write_off_id"] == write_off and replayed.headers["Idempotent-Replay"] == "true"

    url = f"/write-offs/{write_off}/approve"
    self_approval = recovery.token("m.maker", "income_officer", "senior_officer")
    response = await recovery.client.post(url, headers={**self_approval, "Idempotency-Key": "wo-approve-1"})
    assert response.status_code == 403
    assert response.json()["detail"] == "a write-off must be approved by someone other than the officer who proposed it"
    senior = recovery.token("s.senior", "senior_officer")
    await recovery.client.put("/settings/write_off_limits", headers=senior, json={
        "value": {"senior_officer": "250.00", "finance_approver": "25000.00"}, "reason": "limits review"})
    response = await recovery.client.post(url, headers={**senior, "Idempotency-Key": "wo-approve-2"})
    assert response.status_code == 403
    assert response.json()["detail"] == "£400.00 is above your approval limit of £250.00"
    assert await recovery.outbox("WriteOffApproved") == []

    checker = {**recovery.token("f.checker", "finance_approver"), "Idempotency-Key": "wo-approve-3"}
    approved = await recovery.client.post(url, headers=checker)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert (await recovery.client.post(url, headers=checker)).headers["Idempotent-Replay"] == "true"
    [event] = await recovery.outbox("WriteOffApproved")
    assert (event["amount"], event["proposed_by"], event["approved_by"], event["reason"]) == (
        "400.00", "m.maker", "f.checker", "untraceable")
    audit = await recovery.sql("SELECT actor, action FROM audit_log WHERE entity = 'write_off' ORDER BY id")
    assert [(a["actor"], a["action"]) for a in audit] == [("m.maker", "propose"), ("f.checker", "approve")]


async def test_statute_barred_write_off_only_after_the_limitation_date(recovery):
    case = await former_tenant(recovery, REF, ended=date(2019, 1, 6))
    assert case["limitation_date"] == "2025-01-06" and case["statute_barred"]
    await former_tenant(recovery, OTHER)
    headers = {**recovery.officer, "Idempotency-Key": "wo-sb-0001"}
    ok = await recovery.client.post("/write-offs", headers=headers, json={
        "account_ref": REF, "amount": "100.00", "reason": "statute_barred", "note": "over six years"})
    assert ok.status_code == 201, ok.text
    refused = await recovery.client.post("/write-offs", headers={**headers, "Idempotency-Key": "wo-sb-0002"}, json={
        "account_ref": OTHER, "amount": "100.00", "reason": "statute_barred", "note": "x"})
    assert refused.status_code == 422 and refused.json()["detail"] == "the debt is not statute-barred until 2032-06-28"
    await recovery.client.put("/agencies/ACME", headers=recovery.senior,
                              json={"name": "ACME", "commission_percent": "15.00"})
    batch = (await recovery.client.post("/agencies/ACME/referral-batches", headers=recovery.officer,
                                        json={"referred_on": day(40).isoformat()})).json()
    assert batch["referrals"] == 1 and REF not in batch["export_csv"]  # no agency may pursue a statute-barred debt


async def test_a_cleared_former_tenant_debt_closes_its_case(recovery):
    case = await former_tenant(recovery, REF)
    await recovery.apply(recovery.feed.post(REF, PostingType.WRITE_OFF, "-400.00", day(40)))
    await recovery.run(day(41))
    assert (await recovery.client.get(f"/fta/{case['fta_id']}", headers=recovery.officer)).json()["status"] == "closed"


async def test_fta_letter_goes_to_the_traced_address_with_the_tenancy_details(recovery):
    case = await former_tenant(recovery, REF)
    url = f"/fta/{case['fta_id']}"
    trace = (await recovery.client.post(f"{url}/traces", headers=recovery.officer,
                                        json={"method": "DWP", "requested_on": day(30).isoformat()})).json()
    await recovery.client.post(f"/traces/{trace['trace_id']}/result", headers=recovery.officer, json={
        "found": True, "address": ["3 Mill Lane", "Bradford"], "result_on": day(35).isoformat()})
    sent = await recovery.client.post(f"{url}/letters", headers=recovery.officer, json={"pay_by": "2026-12-31"})
    assert sent.status_code == 201, sent.text
    [letter] = await recovery.outbox("LetterRequested")
    assert letter["letter_type"] == "fta_letter"
    data = letter["data"]
    assert (data["balance"], data["tenancy_ended_on"], data["pay_by"]) == ("400.00", day(27).isoformat(), "2026-12-31")
    assert data["address"] == ["3 Mill Lane", "Bradford"]
    assert data["property_address"] == ["1 Acacia Avenue", "Hackney", "London", "E8 1AB"]
