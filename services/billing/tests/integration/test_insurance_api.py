"""Home contents insurance: the premium is a charge on the tenancy's schedule, so the
normal weekly debit run charges it from the start date, exactly once per week however
often the run is repeated; opting out or the tenancy ending stops cover and premium."""

from __future__ import annotations

import uuid
from datetime import date

from billing.ledger import external_postings
from shared.contracts.payments import PaymentReversedV1
from shared.contracts.types import PaymentMethod
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

from .support import OFFICER, key, new_tenancy, rows, run_debit
from .test_water_reconciliation_api import pay

OPT_IN = {"starts_on": "2026-05-27", "weekly_premium": "2.10", "sum_insured": "15000.00"}


async def premiums(billing, account_ref: str) -> list[tuple[int, str, str]]:
    found = await rows(billing.app, "SELECT rent_week, amount, source_key FROM posting WHERE account_ref = :r "
                                    "AND charge_type = 'home_contents_insurance' ORDER BY account_seq", r=account_ref)
    return [(r.rent_week, str(r.amount), r.source_key.split(":")[0]) for r in found]


async def opt_in(billing, token, tenancy_ref: str, body: dict | None = None):
    return await billing.post(f"/tenancies/{tenancy_ref}/insurance", headers=token(*OFFICER) | key(),
                              json=body or OPT_IN)


async def test_debit_run_charges_the_premium_from_the_start_date_once_however_often_it_runs(billing, token):
    tenancy = await new_tenancy(billing, token, charges={"rent": "100.00"})
    response = await opt_in(billing, token, tenancy["tenancy_ref"])
    assert response.status_code == 201, response.text
    [cover] = response.json()
    assert (cover["weekly_premium"], cover["starts_on"], cover["ends_on"]) == ("2.10", "2026-05-27", None)

    first = await run_debit(billing, token, 2026, 8)  # 25-31 May: from Wednesday, 5 days of 0.30
    again = await run_debit(billing, token, 2026, 8)
    assert (first["postings_count"], again["postings_count"]) == (2, 0)
    await run_debit(billing, token, 2026, 9)
    assert await premiums(billing, tenancy["account_ref"]) == [(8, "1.50", "debit"), (9, "2.10", "debit")]
    report = (await billing.get(f"/debit-runs/{first['run_id']}/reconciliation", headers=token(*OFFICER))).json()
    assert report["reconciled"] is True, report
    assert {r["key"]: r["posted"] for r in report["by_charge_type"]} == {"rent": "100.00",
                                                                        "home_contents_insurance": "1.50"}

    out = await billing.post(f"/tenancies/{tenancy['tenancy_ref']}/insurance/opt-out",
                             headers=token(*OFFICER) | key(), json={"last_day": "2026-06-09", "reason": "own policy"})
    assert out.status_code == 200, out.text
    assert out.json()[0]["ends_on"] == "2026-06-09"
    await run_debit(billing, token, 2026, 10)  # 8-14 June: Monday and Tuesday only
    await run_debit(billing, token, 2026, 11)
    assert await premiums(billing, tenancy["account_ref"]) == [
        (8, "1.50", "debit"), (9, "2.10", "debit"), (10, "0.60", "debit")]

    insurer = (await billing.get("/reports/insurance", headers=token(*OFFICER),
                                 params={"date_from": "2026-05-01", "date_to": "2026-06-30"})).json()
    [line] = [c for c in insurer["covers"] if c["tenancy_ref"] == tenancy["tenancy_ref"]]
    assert (line["premiums_charged"], line["ends_on"]) == ("4.20", "2026-06-09")
    assert (insurer["insured_tenancies"], insurer["premiums_charged"]) == (1, "4.20")


async def test_backdated_opt_in_charges_weeks_already_debited_once_and_the_run_adds_nothing(billing, token):
    tenancy = await new_tenancy(billing, token, charges={"rent": "100.00"})
    await run_debit(billing, token, 2026, 8)
    response = await opt_in(billing, token, tenancy["tenancy_ref"], OPT_IN | {"starts_on": "2026-05-25"})
    assert response.status_code == 201, response.text
    rerun = await run_debit(billing, token, 2026, 8)
    assert rerun["postings_count"] == 0
    assert await premiums(billing, tenancy["account_ref"]) == [(8, "2.10", "charge-change")]
    report = (await billing.get(f"/debit-runs/{rerun['run_id']}/reconciliation", headers=token(*OFFICER))).json()
    assert report["reconciled"] is True, report
    assert {r["key"]: r["posted"] for r in report["by_charge_type"]} == {"rent": "100.00",
                                                                        "home_contents_insurance": "2.10"}


async def test_cover_ends_with_the_tenancy_and_the_final_week_is_pro_rated(billing, token):
    tenancy = await new_tenancy(billing, token, charges={"rent": "100.00"})
    await opt_in(billing, token, tenancy["tenancy_ref"])
    await run_debit(billing, token, 2026, 9)  # 1-7 June
    ended = await billing.post(f"/tenancies/{tenancy['tenancy_ref']}/terminate", headers=token(*OFFICER) | key(),
                               json={"end_date": "2026-06-03", "reason": "moved away"})
    assert ended.status_code == 200, ended.text
    covers = (await billing.get(f"/tenancies/{tenancy['tenancy_ref']}/insurance", headers=token(*OFFICER))).json()
    assert [(c["ends_on"], c["end_reason"]) for c in covers] == [("2026-06-03", "tenancy ended")]
    assert await premiums(billing, tenancy["account_ref"]) == [(9, "2.10", "debit"), (9, "-1.20", "termination")]
    rerun = await run_debit(billing, token, 2026, 9)
    report = (await billing.get(f"/debit-runs/{rerun['run_id']}/reconciliation", headers=token(*OFFICER))).json()
    assert report["reconciled"] is True, report  # 1-3 June charged, by the debit less the termination
    assert {r["key"]: r["posted"] for r in report["by_charge_type"]} == {"rent": "42.87",
                                                                        "home_contents_insurance": "0.90"}


async def test_opt_in_refusals_say_why(billing, token):
    tenancy = await new_tenancy(billing, token)
    assert (await opt_in(billing, token, tenancy["tenancy_ref"])).status_code == 201
    twice = await opt_in(billing, token, tenancy["tenancy_ref"])
    assert twice.status_code == 409
    assert "already has home contents insurance" in twice.json()["detail"]
    early = await opt_in(billing, token, tenancy["tenancy_ref"], OPT_IN | {"starts_on": "2026-01-05"})
    assert early.status_code in (409, 422)
    other = await new_tenancy(billing, token)
    free = await opt_in(billing, token, other["tenancy_ref"], OPT_IN | {"weekly_premium": "0.00"})
    assert free.status_code == 422
    assert "more than zero" in free.json()["detail"]
    missing = await billing.post("/tenancies/T-NOPE/insurance/opt-out", headers=token(*OFFICER) | key(),
                                 json={"last_day": "2026-06-09", "reason": "x"})
    assert missing.status_code == 404


async def reverse(app, account_ref: str, amount: str, on: date) -> None:
    reversal = PaymentReversedV1(reversal_id=uuid.uuid4(), account_ref=account_ref, amount=Money(amount),
                                 method=PaymentMethod.CHEQUE, reason_code="RD", reason="refer to drawer",
                                 reversed_on=on, source="test")
    async with UnitOfWork(app.state.runtime.session_factory) as uow:
        await external_postings.record_payment_reversal(reversal, uow)
        await uow.commit()


async def test_the_insurer_report_gives_premiums_collected_apportioned_from_receipts_like_water(billing, token):
    """Collected = receipts in the period x premiums charged / everything charged, at most
    the premiums charged (the water reconciliation's rule)."""
    part = await new_tenancy(billing, token, charges={"rent": "97.90"})
    over = await new_tenancy(billing, token, charges={"rent": "97.90"})
    for tenancy in (part, over):
        assert (await opt_in(billing, token, tenancy["tenancy_ref"], OPT_IN | {"starts_on": "2026-06-01"})
                ).status_code == 201
    await run_debit(billing, token, 2026, 9)  # 1-7 June: 97.90 + 2.10 each
    await run_debit(billing, token, 2026, 10)
    await pay(billing.app, part["account_ref"], "120.00", date(2026, 6, 3))
    await pay(billing.app, part["account_ref"], "40.00", date(2026, 6, 10), PaymentMethod.DIRECT_DEBIT)
    await reverse(billing.app, part["account_ref"], "10.00", date(2026, 6, 12))
    await pay(billing.app, part["account_ref"], "500.00", date(2026, 7, 2))  # after the period
    await pay(billing.app, over["account_ref"], "300.00", date(2026, 6, 5), PaymentMethod.HOUSING_BENEFIT)

    report = (await billing.get("/reports/insurance", headers=token(*OFFICER),
                                params={"date_from": "2026-06-01", "date_to": "2026-06-30"})).json()
    lines = {c["account_ref"]: (c["premiums_charged"], c["premiums_collected"]) for c in report["covers"]}
    # 150.00 received of 200.00 charged: 150.00 x 4.20 / 200.00 = 3.15; 300.00 received: all 4.20.
    assert lines == {part["account_ref"]: ("4.20", "3.15"), over["account_ref"]: ("4.20", "4.20")}
    assert (report["premiums_charged"], report["premiums_collected"]) == ("8.40", "7.35")
    [charged] = await rows(billing.app, "SELECT sum(amount) AS premiums FROM posting WHERE charge_type = "
                                        "'home_contents_insurance' AND effective_date <= '2026-06-30'")
    assert str(charged.premiums) == "8.40"
