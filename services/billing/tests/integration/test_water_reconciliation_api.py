"""Water charges reconciliation through the API: the totals equal the sums of the postings
under them, each account's line explains its share, the figures can be worked out again,
and a period is reconciled once."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date

from billing.ledger import external_postings
from shared.contracts.payments import PaymentReceivedV1
from shared.contracts.types import PaymentMethod
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

from .support import OFFICER, SENIOR, new_tenancy, rows, run_debit, scalar

PERIOD = {"period_from": "2026-04-06", "period_to": "2026-04-19", "payment_due": "2026-05-01"}


async def pay(app, account_ref: str, amount: str, on: date, method=PaymentMethod.CASH) -> None:
    payment = PaymentReceivedV1(payment_id=uuid.uuid4(), account_ref=account_ref, amount=Money(amount), method=method,
                                channel="paypoint", received_on=on, external_id=uuid.uuid4().hex, source="test")
    async with UnitOfWork(app.state.runtime.session_factory) as uow:
        await external_postings.record_payment(payment, uow)
        await uow.commit()


async def agreement(billing, token, **rates):
    body = {"effective_from": "2026-04-01", "void_allowance_rate": "0.02", "commission_rate": "0.05",
            "basis": "collected", "reason": "2026 agreement with the water company", **rates}
    response = await billing.post("/water/agreements", headers=token(*SENIOR), json=body)
    assert response.status_code == 201, response.text


async def test_reconciliation_totals_equal_the_sums_of_the_underlying_postings(billing, token):
    full = (await new_tenancy(billing, token, charges={"rent": "100.00", "water": "10.00"}))["account_ref"]
    part = (await new_tenancy(billing, token, charges={"rent": "95.00", "water": "7.33"}))["account_ref"]
    dry = (await new_tenancy(billing, token, charges={"rent": "90.00"}))["account_ref"]
    for week in (1, 2, 3):
        await run_debit(billing, token, 2026, week)
    await pay(billing.app, full, "220.00", date(2026, 4, 10))
    await pay(billing.app, part, "51.17", date(2026, 4, 13), PaymentMethod.HOUSING_BENEFIT)
    await pay(billing.app, dry, "90.00", date(2026, 4, 13))
    await pay(billing.app, part, "500.00", date(2026, 4, 20))  # after the period
    await agreement(billing, token)

    response = await billing.post("/water/reconciliations", headers=token(*OFFICER), json=PERIOD)
    assert response.status_code == 201, response.text
    recon = response.json()
    figures = recon["figures"]
    water_sql = await scalar(billing.app, "SELECT sum(amount) FROM posting WHERE posting_type = 'charge' AND "
                                          "charge_type = 'water' AND effective_date <= '2026-04-19'")
    assert figures["water_debited"] == str(water_sql) == "34.66"
    lines = (await billing.get(f"/water/reconciliations/{recon['reconciliation_id']}/lines",
                               headers=token(*OFFICER))).json()
    assert {ln["account_ref"] for ln in lines} == {full, part}
    by_ref = {ln["account_ref"]: ln for ln in lines}
    for ref in (full, part):
        charged = await scalar(billing.app, "SELECT sum(amount) FROM posting WHERE account_ref = :a AND posting_type "
                                            "= 'charge' AND effective_date <= '2026-04-19'", a=ref)
        paid = await scalar(billing.app, "SELECT -sum(amount) FROM posting WHERE account_ref = :a AND posting_type "
                                         "<> 'charge' AND effective_date <= '2026-04-19'", a=ref)
        assert (by_ref[ref]["debited"], by_ref[ref]["receipts"]) == (str(charged), str(paid))
    assert by_ref[full]["water_collected"] == "20.00"  # paid in full
    assert by_ref[part]["water_collected"] == "3.67"  # 51.17 x 14.66 / 204.66 = 3.665...
    assert figures["water_collected"] == str(sum(Money(ln["water_collected"]) for ln in lines)) == "23.67"
    assert figures["void_allowance"] == "0.69"  # 34.66 x 0.02
    assert figures["commission"] == "1.15"  # (23.67 - 0.69) x 0.05 = 1.149
    assert recon["payable"] == figures["payable"] == "21.83"
    assert [line["line"] for line in figures["explained"]][-1] == "payable to the water company"

    check = (await billing.get(f"/water/reconciliations/{recon['reconciliation_id']}/recheck",
                               headers=token(*OFFICER))).json()
    assert check["matches"] is True
    overlap = await billing.post("/water/reconciliations", headers=token(*OFFICER),
                                 json=PERIOD | {"period_from": "2026-04-13", "period_to": "2026-05-03"})
    assert overlap.status_code == 409

    schedule = await billing.get("/reports/water-payment-schedule?format=csv", headers=token(*OFFICER))
    assert schedule.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(schedule.text)))
    assert [(r["period_from"], r["payable"], r["payment_due"]) for r in table] == [
        ("2026-04-06", "21.83", "2026-05-01")]


async def test_a_reconciliation_without_an_agreement_in_force_is_refused(billing, token):
    response = await billing.post("/water/reconciliations", headers=token(*OFFICER), json=PERIOD)
    assert response.status_code == 422
    assert "no water agreement" in response.json()["detail"]


async def test_agreements_are_kept_and_audited_and_need_a_senior_role(billing, token):
    refused = await billing.post("/water/agreements", headers=token(*OFFICER), json={
        "effective_from": "2026-04-01", "void_allowance_rate": "0.02", "commission_rate": "0.05", "reason": "x"})
    assert refused.status_code == 403
    await agreement(billing, token)
    await agreement(billing, token, effective_from="2027-04-01", commission_rate="0.06")
    listed = (await billing.get("/water/agreements", headers=token(*OFFICER))).json()
    assert [(a["effective_from"], a["set_by"]) for a in listed] == [("2026-04-01", "s.officer"),
                                                                     ("2027-04-01", "s.officer")]
    audited = await rows(billing.app, "SELECT actor, entity_id FROM audit_log WHERE action = 'set_water_agreement'")
    assert len(audited) == 2
    bad = await billing.post("/water/agreements", headers=token(*SENIOR), json={
        "effective_from": "2028-04-01", "void_allowance_rate": "1.5", "commission_rate": "0.05", "reason": "x"})
    assert bad.status_code == 422
