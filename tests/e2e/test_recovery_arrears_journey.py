"""A tenancy falls into arrears through billing's real weekly debits, recovery's daily
run recommends the right stages, an arrangement is made and kept (holding back a stage
the arrears have reached), then breached, and the letters are requested (notifications
records each one), all through RabbitMQ."""

from __future__ import annotations

import json
import uuid
from contextlib import AsyncExitStack
from datetime import date

import pytest

from billing.bootstrap import create_app as billing_app
from billing.config import BillingSettings
from notifications.bootstrap import create_app as notifications_app
from notifications.config import NotificationsSettings
from payments.bootstrap import create_app as payments_app
from payments.config import PaymentsSettings
from recovery.bootstrap import create_app as recovery_app
from recovery.config import RecoverySettings
from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY
from shared.messaging.publisher import ConfirmingPublisher
from shared.testing.helpers import eventually
from shared.testing.plugin import api_client

pytestmark = pytest.mark.e2e

WEEKLY = "119.58"


@pytest.fixture
async def services(settings_for, runtimes, tmp_path):
    async with AsyncExitStack() as exits:
        apps = {
            "billing": billing_app(settings_for(BillingSettings, "billing")),
            "payments": payments_app(settings_for(PaymentsSettings, "payments")),
            "recovery": recovery_app(settings_for(RecoverySettings, "recovery")),
            "notifications": notifications_app(settings_for(NotificationsSettings, "notifications",
                                                            local_sink_dir=tmp_path / "sink")),
        }
        clients = {}
        for name, app in apps.items():
            clients[name] = await exits.enter_async_context(api_client(app, runtimes))
            clients[name].runtime = app.state.runtime
        yield clients


async def open_tenancy(billing, token) -> str:
    officer = token("r.officer", "rent_officer")
    suffix = uuid.uuid4().hex[:6]
    response = await billing.post("/properties", headers=officer, json={
        "property_ref": f"P-{suffix}", "address": ["Flat 3", "12 Acacia Avenue", "London"], "postcode": "E8 1AB",
        "patch": "HK01", "area": "Hackney", "property_type": "flat", "bedrooms": 2})
    assert response.status_code == 201, response.text
    response = await billing.post("/tenancies", headers=officer, json={
        "tenancy_ref": f"T-{suffix}", "property_ref": f"P-{suffix}", "tenure": "secure", "start_date": "2026-04-06",
        "tenants": [{"person_id": f"PER-{suffix}", "name": "Alex Example", "is_lead": True}],
        "charges": [{"charge_type": "rent", "weekly_amount": "112.48"},
                    {"charge_type": "service_charge", "weekly_amount": "7.10"}]})
    assert response.status_code == 201, response.text
    return response.json()["account_ref"]


async def debit_week(services, token, week: int) -> None:
    """Billing's weekly debit for rent week `week` of 2026/27, run to completion."""
    officer = token("r.officer", "rent_officer")
    response = await services["billing"].post("/debit-runs", headers=officer,
                                              json={"rent_year": 2026, "rent_week": week})
    assert response.status_code in (200, 202), response.text
    run_id = response.json()["run_id"]

    async def completed():
        run = (await services["billing"].get(f"/debit-runs/{run_id}", headers=officer)).json()
        assert run["status"] != "failed", run
        return run["status"] == "completed"

    await eventually(completed, timeout=30, message=f"debit run for week {week} did not complete")


async def recovery_balance(services, token, account_ref: str, expected: str) -> None:
    staff = token("i.officer", "income_officer")

    async def reached():
        response = await services["recovery"].get(f"/accounts/{account_ref}", headers=staff)
        return response.status_code == 200 and response.json()["balance"] == expected

    await eventually(reached, timeout=30, message=f"recovery never saw the balance reach {expected}")


async def pay(services, amqp_url: str, account_ref: str, amount: str, paid_on: date) -> None:
    names = services["payments"].runtime.names
    transaction = uuid.uuid4().hex
    body = json.dumps({"source_system": "allpay", "transaction_id": transaction, "payment_reference": account_ref,
                       "amount": amount, "paid_on": paid_on.isoformat(), "method": "cash", "channel": "paypoint"})
    publisher = ConfirmingPublisher(amqp_url, names, name="upstream-allpay")
    try:
        await publisher.publish(exchange=names.events_exchange, routing_key=INBOUND_PAYMENT_ROUTING_KEY,
                                body=body.encode(), message_id=f"allpay-{transaction}")
    finally:
        await publisher.close()


async def daily_run(services, token, account_ref: str, run_date: date) -> dict | None:
    senior = token("s.senior", "senior_officer")
    response = await services["recovery"].post("/daily-runs", headers=senior, json={"run_date": run_date.isoformat()})
    assert response.status_code == 201, response.text
    recs = (await services["recovery"].get(f"/accounts/{account_ref}/recommendations", headers=senior)).json()
    return next((r for r in recs if r["run_date"] == run_date.isoformat()), None)


async def accept(services, token, rec: dict, on: date) -> None:
    response = await services["recovery"].post(f"/recommendations/{rec['recommendation_id']}/accept",
                                               headers=token("i.officer", "income_officer"),
                                               json={"taken_on": on.isoformat()})
    assert response.status_code == 201, response.text


async def test_arrears_recommendations_arrangement_kept_then_breached_and_letters(services, token, amqp_url):
    account_ref = await open_tenancy(services["billing"], token)

    await debit_week(services, token, 1)
    await recovery_balance(services, token, account_ref, "119.58")
    first = await daily_run(services, token, account_ref, date(2026, 4, 8))
    assert (first["stage"], first["hold"], first["letter_type"]) == ("first_letter", None, "arrears_first_letter")
    await accept(services, token, first, date(2026, 4, 8))

    await debit_week(services, token, 2)
    await recovery_balance(services, token, account_ref, "239.16")
    second = await daily_run(services, token, account_ref, date(2026, 4, 15))
    assert (second["stage"], second["hold"], second["weeks_in_arrears"]) == ("second_letter", None, "2.00")
    await accept(services, token, second, date(2026, 4, 15))

    # Two more weeks unpaid: four weeks of arrears (£478.32) when the arrangement is made.
    await debit_week(services, token, 3)
    await debit_week(services, token, 4)
    await recovery_balance(services, token, account_ref, "478.32")
    made = await services["recovery"].post(f"/accounts/{account_ref}/arrangements",
                                           headers=token("i.officer", "income_officer"), json={
        "frequency": "weekly", "instalment": "20.00", "start_date": "2026-04-27",
        "income": {"earnings": "310.00", "benefits_and_tax_credits": "45.00"},
        "expenditure": {"home_and_contents": "119.58", "utilities": "38.00", "food_and_housekeeping": "95.00",
                        "transport_and_travel": "22.00", "communications_and_leisure": "15.00"}})
    assert made.status_code == 201, made.text
    arrangement = made.json()
    assert (arrangement["assessment"]["disposable_weekly"], arrangement["schedule"][0]["expected"]) == (
        "65.42", "139.58")

    await pay(services, amqp_url, account_ref, "139.58", date(2026, 4, 29))
    await debit_week(services, token, 5)
    await recovery_balance(services, token, account_ref, "458.32")
    kept = await daily_run(services, token, account_ref, date(2026, 5, 4))
    # 3.83 weeks: past the contact/visit trigger (3 weeks), held only because the arrangement is kept
    assert (kept["stage"], kept["hold"], kept["weeks_in_arrears"], kept["status"]) == (
        "contact_visit", "arrangement_kept", "3.83", "held")
    state = (await services["recovery"].get(f"/arrangements/{arrangement['arrangement_id']}",
                                            headers=token("aud", "auditor"))).json()
    assert (state["status"], [(p["kept"], p["paid"]) for p in state["periods"]]) == ("active", [(True, "139.58")])

    await debit_week(services, token, 6)
    await recovery_balance(services, token, account_ref, "577.90")
    after_breach = await daily_run(services, token, account_ref, date(2026, 5, 11))
    state = (await services["recovery"].get(f"/arrangements/{arrangement['arrangement_id']}",
                                            headers=token("aud", "auditor"))).json()
    assert state["status"] == "breached"
    assert state["periods"][1]["reason"] == "missed: nothing paid in the period"
    assert (after_breach["stage"], after_breach["hold"], after_breach["payer_profile"]) == (
        "contact_visit", None, "broken_arrangement")

    staff = token("i.officer", "income_officer")

    async def letters():
        rows = (await services["notifications"].get("/notifications", headers=staff,
                                                     params={"account_ref": account_ref})).json()
        found = sorted(r["letter_type"] for r in rows)
        return found if len(found) >= 4 else None

    assert await eventually(letters, timeout=30, message="notifications did not record the four letters") == [
        "arrangement_breach", "arrangement_confirmation", "arrears_first_letter", "arrears_second_letter"]
