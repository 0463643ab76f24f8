"""Recovery's consumer on the real broker: bulk postings (AccountsPosted), payment
batches, tenant details and benefit facts, rent changes, and the FTA case on termination."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text

from recovery.bootstrap import create_app
from recovery.config import RecoverySettings
from shared.contracts.billing import AccountsPostedV1, ChargeLine, RentVariedV1
from shared.contracts.envelope import Envelope
from shared.contracts.payments import PaymentBatchReceivedV1, PaymentReceivedV1, PaymentReversedV1, ReceivedPayment
from shared.contracts.types import ChargeType, PaymentMethod, PostingType
from shared.messaging.publisher import ConfirmingPublisher
from shared.money import Money
from shared.testing.billing_feed import BillingFeed, publish
from shared.testing.helpers import eventually
from shared.testing.plugin import api_client


async def test_bulk_postings_payment_batches_and_termination_reach_the_projection(settings_for, runtimes, token,
                                                                                   amqp_url):
    app = create_app(settings_for(RecoverySettings, "recovery", relay_enabled=False))
    feed = BillingFeed()
    staff = token("i.officer", "income_officer")
    async with api_client(app, runtimes) as client:
        names = app.state.runtime.names
        await publish(amqp_url, names, *feed.open_tenancy("10000016", weekly="90.00", start=date(2026, 6, 1)))
        bulk = AccountsPostedV1(batch_id=uuid.uuid4(), cause="hb-schedule", postings=[
            feed.posting("10000016", PostingType.CHARGE, "90.00", date(2026, 6, 1)),
            feed.posting("10000016", PostingType.HB_CREDIT, "-60.00", date(2026, 6, 5)),
        ])
        batch = PaymentBatchReceivedV1(batch_id=uuid.uuid4(), file_id=uuid.uuid4(), batch_no=1, payments=[
            ReceivedPayment(payment_id=uuid.uuid4(), account_ref="10000016", amount="60.00",
                            method=PaymentMethod.HOUSING_BENEFIT, channel="hb-file", received_on=date(2026, 6, 5),
                            external_id="HB-1", source="file:x:1"),
        ])
        sent = await publish(amqp_url, names, bulk, batch)
        await publish(amqp_url, names, bulk)  # redelivered by the relay: a new message id, same postings

        async def projected():
            r = await client.get("/accounts/10000016", headers=staff)
            return r.json() if r.status_code == 200 and r.json()["last_seq"] == 2 and r.json()["last_payment_on"] \
                else None

        position = await eventually(projected, timeout=30)
        assert (position["balance"], position["last_hb_on"], position["last_payment_amount"]) == (
            "30.00", "2026-06-05", "60.00")
        assert position["weekly_charge"] == "90.00" and position["weeks_in_arrears"] == "0.33"

        await publish(amqp_url, names, RentVariedV1(
            account_ref="10000016", effective_from=date(2026, 6, 8), old_weekly_total=Money("90.00"),
            new_weekly_total=Money("95.00"), notice_required_by=date(2026, 5, 11),
            charges=[ChargeLine(charge_type=ChargeType.RENT, weekly_amount=Money("95.00"), benefit_eligible=True)]))

        async def varied():
            r = await client.get("/accounts/10000016", headers=staff)
            return r.json()["weekly_charge"] == "95.00"

        await eventually(varied, timeout=30, message="RentVaried did not reach the projection")

        await publish(amqp_url, names, feed.terminate("10000016", date(2026, 6, 7), "deceased"))

        async def fta_case():
            cases = (await client.get("/fta", headers=staff)).json()
            return cases[0] if cases else None

        case = await eventually(fta_case, timeout=30)
        assert (case["balance_at_termination"], case["benefit_check"], case["end_reason"]) == (
            "30.00", "required", "deceased")
        assert case["tenants"] == [{"person_id": "PER-10000016-0", "name": "Alex Example", "is_lead": True}]
        async with app.state.runtime.session_factory() as session:
            count = (await session.execute(text("SELECT count(*) FROM money_posting"))).scalar()
        assert count == 1 and len(sent) == 2


async def test_a_reversed_hb_credit_stops_paying_its_period_once_however_often_delivered(settings_for, runtimes,
                                                                                         token, amqp_url):
    app = create_app(settings_for(RecoverySettings, "recovery", relay_enabled=False))
    feed, ref = BillingFeed(), "10000024"
    staff = token("i.officer", "income_officer")
    credits = [PaymentReceivedV1(payment_id=uuid.uuid4(), account_ref=ref, amount=amount,
                                 method=PaymentMethod.HOUSING_BENEFIT, channel="hb_schedule", received_on=paid,
                                 external_id=f"HB-{n}", source=f"file:hb:{n}", period_from=start, period_to=end)
               for n, (amount, paid, start, end) in enumerate([
                   ("140.00", date(2026, 6, 15), date(2026, 6, 1), date(2026, 6, 14)),
                   ("70.00", date(2026, 6, 22), date(2026, 6, 15), date(2026, 6, 21))])]
    async with api_client(app, runtimes) as client:
        names = app.state.runtime.names
        await publish(amqp_url, names, *feed.open_tenancy(ref, weekly="70.00", start=date(2026, 6, 1)),
                      *[feed.debit_week(date(2026, 6, 1 + 7 * w)) for w in range(4)], *credits,
                      feed.terminate(ref, date(2026, 6, 28), "moved out"))

        async def benefit(paid_to: str, balance: str):
            cases = (await client.get("/fta", headers=staff)).json()
            found = cases and cases[0]["benefit"]["paid_to"] == paid_to and cases[0]["balance"] == balance
            return cases[0] if found else None

        await eventually(lambda: benefit("2026-06-21", "280.00"), timeout=30)
        reversal = Envelope.wrap(PaymentReversedV1(
            reversal_id=uuid.uuid4(), payment_id=credits[1].payment_id, account_ref=ref, amount="35.00",
            method=PaymentMethod.HOUSING_BENEFIT, reason_code="HBREASS", reason="reassessed at half the rate",
            reversed_on=date(2026, 7, 1), source="file:hb2:1"))
        publisher = ConfirmingPublisher(amqp_url, names, name="test-payments")
        try:
            for _ in range(2):  # redelivered with the same message id: the inbox drops the second
                await publisher.publish(exchange=names.events_exchange, routing_key=reversal.routing_key,
                                        body=reversal.model_dump_json().encode(), message_id=str(reversal.event_id))
        finally:
            await publisher.close()
        await publish(amqp_url, names, reversal.data)  # re-sent as a new message: the reversal is kept once
        await publish(amqp_url, names, feed.post(ref, PostingType.PAYMENT_REVERSAL, "35.00", date(2026, 7, 1)))

        case = await eventually(lambda: benefit("2026-06-21", "315.00"), timeout=30)
        assert (case["benefit"]["days_unpaid"], case["benefit"]["estimated_due"]) == (7, "35.00")
        async with app.state.runtime.session_factory() as session:
            kept = (await session.execute(text("SELECT count(*) FROM benefit_reversal"))).scalar()
            seen = (await session.execute(text("SELECT count(*) FROM inbox WHERE message_id = :m"),
                                          {"m": str(reversal.event_id)})).scalar()
        assert (kept, seen) == (1, 1)
