"""General ledger journals over HTTP on a real database: a period's journal balances,
each line equals the postings behind it, a period is exported once, and only a reversal
lets it be exported again."""

from __future__ import annotations

import asyncio
import csv
import io
import uuid
from datetime import date, timedelta
from decimal import Decimal

from sqlalchemy import text

from billing.gl import service as gl_journals
from billing.ledger import external_postings
from shared.contracts.payments import PaymentReceivedV1, PaymentReversedV1
from shared.contracts.types import PaymentMethod
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

from .support import new_tenancy, rows, run_debit, scalar
from .test_postings_from_events import publish, wait_for_postings

FINANCE = ("f.approver", "finance_approver")
YESTERDAY = date.today() - timedelta(days=1)
MAPPING = {
    ("control", "*"): ("1100", "HRA00", "Tenant debtors control"),
    ("charge", "rent"): ("4000", "HRA10", "Dwelling rents"),
    ("charge", "*"): ("4050", "HRA20", "Service charges"),
    ("payment", "*"): ("1200", "CASH01", "Income by channel"),
}


async def activity_yesterday(billing, token, amqp_url) -> None:
    """Rent and service charge debits and a cash payment, then moved to yesterday: a
    journal covers whole days that have ended."""
    accounts = [(await new_tenancy(billing, token, charges={"rent": "100.00", "service_charge": "7.50"}))["account_ref"]
                for _ in range(2)]
    await run_debit(billing, token, 2026, 1)
    await publish(billing, amqp_url, PaymentReceivedV1(
        payment_id=uuid.uuid4(), account_ref=accounts[0], amount=Money("60.00"), method=PaymentMethod.CASH,
        channel="paypoint", received_on=date(2026, 4, 8), external_id="T-1", source="file:x:2",
        received_by="system:allpay"))
    await wait_for_postings(billing, 5)
    async with billing.app.state.runtime.session_factory() as session:
        await session.execute(text("UPDATE posting SET posted_at = posted_at - interval '1 day'"))
        await session.commit()


async def map_all(billing, token, mapping=MAPPING) -> None:
    for (category, qualifier), (code, centre, description) in mapping.items():
        response = await billing.put(f"/gl-mappings/{category}/{qualifier}", headers=token(*FINANCE), json={
            "ledger_code": code, "cost_centre": centre, "description": description, "reason": "chart of accounts"})
        assert response.status_code == 200, response.text


async def export(billing, token, day: date = YESTERDAY):
    return await billing.post("/gl-journals", headers=token(*FINANCE),
                              json={"date_from": str(day), "date_to": str(day)})


async def test_the_journal_for_a_period_balances_and_each_line_equals_its_postings(billing, token, amqp_url):
    await activity_yesterday(billing, token, amqp_url)
    await map_all(billing, token)
    response = await export(billing, token)
    assert response.status_code == 201, response.text
    journal = response.json()
    assert journal["total_debit"] == journal["total_credit"] == "275.00"  # 215.00 debited + 60.00 paid
    assert journal["postings_count"] == 5

    detail = (await billing.get(f"/gl-journals/{journal['journal_id']}", headers=token(*FINANCE))).json()
    lines = {(li["side"], li["category"], li["qualifier"]): li for li in detail["lines"]}
    assert set(lines) == {("control", "control", "rent"), ("contra", "charge", "rent"),
                          ("contra", "charge", "service_charge"), ("contra", "payment", "paypoint")}
    assert (lines[("contra", "charge", "rent")]["ledger_code"], lines[("contra", "charge", "rent")]["credit"]) == \
        ("4000", "200.00")
    assert lines[("contra", "payment", "paypoint")]["debit"] == "60.00"
    net = sum(Decimal(li["debit"]) - Decimal(li["credit"]) for li in detail["lines"])
    assert net == 0
    ledger = await scalar(billing.app, "SELECT sum(amount) FROM posting")
    control = sum(Decimal(li["debit"]) - Decimal(li["credit"]) for li in detail["lines"] if li["side"] == "control")
    assert control == ledger
    for li in detail["lines"]:
        behind = (await billing.get(f"/gl-journals/{journal['journal_id']}/lines/{li['line_no']}/postings",
                                    headers=token(*FINANCE))).json()
        assert len(behind) == li["postings_count"]
        summed = sum(Decimal(p["amount"]) for p in behind)
        assert summed == (Decimal(li["debit"]) - Decimal(li["credit"])) * (1 if li["side"] == "control" else -1)

    exported = await billing.get(f"/gl-journals/{journal['journal_id']}/csv", headers=token(*FINANCE))
    assert exported.headers["content-type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(exported.text)))
    assert len(table) == len(detail["lines"])
    assert sum(Decimal(r["debit"]) for r in table) == sum(Decimal(r["credit"]) for r in table) == Decimal("275.00")


async def test_activity_with_no_ledger_code_is_refused_naming_every_gap(billing, token, amqp_url):
    await activity_yesterday(billing, token, amqp_url)
    await map_all(billing, token, {("control", "*"): ("1100", "HRA00", "Debtors")})
    response = await export(billing, token)
    assert response.status_code == 422
    assert "charge/rent, charge/service_charge, payment/paypoint" in response.json()["detail"]
    assert await scalar(billing.app, "SELECT count(*) FROM gl_journal") == 0


async def test_a_period_cannot_be_exported_twice_until_its_journal_is_reversed(billing, token, amqp_url):
    await activity_yesterday(billing, token, amqp_url)
    await map_all(billing, token)
    first = (await export(billing, token)).json()
    again = await export(billing, token)
    assert again.status_code == 409
    assert "reverse that journal" in again.json()["detail"]
    overlapping = await billing.post("/gl-journals", headers=token(*FINANCE), json={
        "date_from": str(YESTERDAY - timedelta(days=3)), "date_to": str(YESTERDAY)})
    assert overlapping.status_code == 409

    reversal = await billing.post(f"/gl-journals/{first['journal_id']}/reversal", headers=token(*FINANCE),
                                  json={"reason": "cost centre for service charges was wrong"})
    assert reversal.status_code == 201, reversal.text
    assert (reversal.json()["kind"], reversal.json()["total_debit"]) == ("reversal", "275.00")
    twice = await billing.post(f"/gl-journals/{first['journal_id']}/reversal", headers=token(*FINANCE),
                               json={"reason": "again"})
    assert twice.status_code == 409

    redone = await export(billing, token)
    assert redone.status_code == 201, redone.text
    assert redone.json()["total_debit"] == "275.00"
    kinds = sorted((j["kind"], j["status"]) for j in
                   (await billing.get("/gl-journals", headers=token(*FINANCE))).json())
    assert kinds == [("export", "exported"), ("export", "reversed"), ("reversal", "exported")]


async def test_today_cannot_be_exported_before_it_has_ended(billing, token):
    response = await export(billing, token, date.today())
    assert response.status_code == 422
    assert "whole days that have ended" in response.json()["detail"]


async def test_the_daily_export_journals_each_ended_day_once_from_the_configured_start(billing, token, amqp_url):
    await activity_yesterday(billing, token, amqp_url)
    daily = billing.app.state.gl_daily
    runtime = billing.app.state.runtime
    assert await daily.run_once(runtime) == 0  # 'off' until a start day is configured
    start = YESTERDAY - timedelta(days=2)
    changed = await billing.put("/settings/gl_daily_export_from", headers=token("s.officer", "senior_officer"),
                                json={"value": str(start), "reason": "go-live of the Agresso interface"})
    assert changed.status_code == 200, changed.text

    assert await daily.run_once(runtime) == 0
    assert daily.healthy is False and "no ledger code is mapped" in daily.last_error
    # The two quiet days went out in order; yesterday waits for its mapping.
    assert await scalar(billing.app, "SELECT count(*) FROM gl_journal") == 2
    await map_all(billing, token)
    assert await daily.run_once(runtime) == 1
    assert daily.healthy is True
    journals = (await billing.get("/gl-journals", headers=token(*FINANCE))).json()
    assert sorted((j["period_from"], j["total_debit"]) for j in journals) == [
        (str(start), "0.00"), (str(start + timedelta(days=1)), "0.00"), (str(YESTERDAY), "275.00")]
    assert await daily.run_once(runtime) == 0


def cash(account_ref: str, amount: str) -> PaymentReceivedV1:
    return PaymentReceivedV1(payment_id=uuid.uuid4(), account_ref=account_ref, amount=Money(amount),
                             method=PaymentMethod.CASH, channel="paypoint", received_on=date(2026, 4, 8),
                             external_id=uuid.uuid4().hex, source="file:x:1", received_by="system:allpay")


async def journalled_once(billing) -> bool:
    """Every posting is in exactly one live export."""
    return await scalar(billing.app, """
        SELECT count(*) = 0 FROM posting p WHERE (
            SELECT count(*) FROM gl_journal_posting jp JOIN gl_journal j ON j.journal_id = jp.journal_id
            WHERE jp.posting_id = p.posting_id AND j.kind = 'export' AND j.status = 'exported') <> 1""")


def days_end(monkeypatch, day: date) -> None:
    """Make ``day`` a day that has ended, as far as the journals can tell."""
    monkeypatch.setattr(gl_journals, "today", lambda: day + timedelta(days=1))


async def test_a_posting_committed_after_its_days_journal_goes_in_a_later_journal_exactly_once(
        billing, token, monkeypatch):
    account = (await new_tenancy(billing, token, charges={"rent": "100.00"}))["account_ref"]
    await map_all(billing, token)
    day = gl_journals.today()
    await run_debit(billing, token, 2026, 1)
    # A transaction under way before the day's journal is made commits its payment after it.
    async with UnitOfWork(billing.app.state.runtime.session_factory) as late:
        await late.session.execute(text("SELECT 1"))
        days_end(monkeypatch, day)
        first = await export(billing, token, day)
        assert first.status_code == 201, first.text
        assert (first.json()["postings_count"], first.json()["total_debit"]) == (1, "100.00")
        await external_postings.record_payment(cash(account, "60.00"), late)
        await late.commit()

    days_end(monkeypatch, day + timedelta(days=1))
    second = await export(billing, token, day + timedelta(days=1))
    assert second.status_code == 201, second.text
    assert (second.json()["postings_count"], second.json()["total_debit"]) == (1, "60.00")
    assert await journalled_once(billing)
    # Reversed, the later journal lets the payment go; exported again, it takes it again, once.
    reversal = await billing.post(f"/gl-journals/{second.json()['journal_id']}/reversal", headers=token(*FINANCE),
                                  json={"reason": "wrong cost centre"})
    assert reversal.status_code == 201, reversal.text
    again = await export(billing, token, day + timedelta(days=1))
    assert (again.json()["postings_count"], again.json()["total_debit"]) == (1, "60.00")
    days_end(monkeypatch, day + timedelta(days=2))
    third = await export(billing, token, day + timedelta(days=2))
    assert (third.json()["postings_count"], third.json()["total_debit"]) == (0, "0.00")
    assert await journalled_once(billing)


async def test_an_export_waits_for_a_posting_in_flight_and_takes_it(billing, token, monkeypatch):
    account = (await new_tenancy(billing, token, charges={"rent": "100.00"}))["account_ref"]
    await map_all(billing, token)
    day = gl_journals.today()
    async with UnitOfWork(billing.app.state.runtime.session_factory) as writer:
        await external_postings.record_payment(cash(account, "60.00"), writer)
        days_end(monkeypatch, day)
        exporting = asyncio.create_task(export(billing, token, day))
        await asyncio.sleep(0.5)
        assert not exporting.done()  # held at the ledger gate until the payment commits
        await writer.commit()
    journal = await asyncio.wait_for(exporting, 15)
    assert journal.status_code == 201, journal.text
    assert (journal.json()["postings_count"], journal.json()["total_debit"]) == (1, "60.00")
    assert await journalled_once(billing)


async def test_income_is_journalled_by_the_channel_on_its_posting_and_a_reversal_by_its_payments(
        billing, token, monkeypatch):
    account = (await new_tenancy(billing, token, charges={"rent": "100.00"}))["account_ref"]
    await map_all(billing, token, MAPPING | {(t, "*"): ("1200", "CASH01", "Income by channel")
                                              for t in ("dd_collection", "payment_reversal", "dd_unpaid")})
    day = gl_journals.today()
    counter = cash(account, "60.00").model_copy(update={"channel": "post office"})
    direct_debit = cash(account, "40.00").model_copy(update={"method": PaymentMethod.DIRECT_DEBIT, "channel": "bacs"})

    def reversal(amount: str, payment_id, method=PaymentMethod.CASH) -> PaymentReversedV1:
        return PaymentReversedV1(reversal_id=uuid.uuid4(), payment_id=payment_id, account_ref=account,
                                 amount=Money(amount), method=method, reason_code="R1",
                                 reason="returned via the bank", reversed_on=date(2026, 4, 9), source="file:r:1")

    async with UnitOfWork(billing.app.state.runtime.session_factory) as uow:
        await external_postings.record_payment(counter, uow)
        await external_postings.record_payment(direct_debit, uow)
        await external_postings.record_payment_reversal(reversal("60.00", counter.payment_id), uow)
        await external_postings.record_payment_reversal(
            reversal("40.00", direct_debit.payment_id, PaymentMethod.DIRECT_DEBIT), uow)
        await external_postings.record_payment_reversal(reversal("5.00", None), uow)  # which payment: not said
        await uow.commit()
    channels = {(r.posting_type, str(r.amount)): r.channel for r in await rows(
        billing.app, "SELECT posting_type, amount, channel FROM posting WHERE posting_type <> 'charge'")}
    assert channels == {("payment", "-60.00"): "post office", ("dd_collection", "-40.00"): "bacs",
                        ("payment_reversal", "60.00"): "post office", ("dd_unpaid", "40.00"): "bacs",
                        ("payment_reversal", "5.00"): None}

    days_end(monkeypatch, day)
    journal = await export(billing, token, day)
    assert journal.status_code == 201, journal.text
    detail = (await billing.get(f"/gl-journals/{journal.json()['journal_id']}", headers=token(*FINANCE))).json()
    income = {(li["category"], li["qualifier"]): Decimal(li["debit"]) - Decimal(li["credit"])
              for li in detail["lines"] if li["side"] == "contra" and li["category"] != "charge"}
    assert income == {("payment", "post office"): Decimal("60.00"), ("dd_collection", "bacs"): Decimal("40.00"),
                      ("payment_reversal", "post office"): Decimal("-60.00"), ("dd_unpaid", "bacs"): Decimal("-40.00"),
                      ("payment_reversal", "unknown"): Decimal("-5.00")}


async def test_a_mapping_for_a_qualifier_the_journal_never_groups_by_is_refused(billing, token):
    def put(category: str, qualifier: str):
        return billing.put(f"/gl-mappings/{category}/{qualifier}", headers=token(*FINANCE), json={
            "ledger_code": "1300", "cost_centre": "HRA00", "description": "x", "reason": "chart of accounts"})

    refused = await put("refund", "paypoint")  # a refund has no channel: only refund/* is ever looked up
    assert refused.status_code == 422
    assert "category refund is never grouped by qualifier 'paypoint'" in refused.json()["detail"]
    assert (await put("charge", "heat")).status_code == 422
    for category, qualifier in (("hb_credit", "council hb"), ("charge", "heating"), ("control", "leasehold"),
                                ("refund", "*")):
        assert (await put(category, qualifier)).status_code == 200
