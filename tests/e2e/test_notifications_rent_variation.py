"""Billing varies a tenant's rent → RentVaried through the broker → notifications renders
the statutory notice of variation and sends it, exactly once, even when the broker
delivers the event a second time."""

from __future__ import annotations

import uuid
from contextlib import AsyncExitStack
from types import SimpleNamespace

import pytest
from sqlalchemy import text

from billing.bootstrap import create_app as billing_app
from billing.config import BillingSettings
from notifications.bootstrap import create_app as notifications_app
from notifications.config import NotificationsSettings
from services.notifications.tests.support import configure, documents_of, notifications_of
from services.notifications.tests.unit.pdf_text import pdf_text
from shared.messaging.metrics import CONSUMED
from shared.messaging.publisher import ConfirmingPublisher
from shared.testing.helpers import eventually
from shared.testing.plugin import api_client
from tests.e2e.test_payment_slice import open_tenancy

pytestmark = pytest.mark.e2e


@pytest.fixture
async def services(settings_for, runtimes, tmp_path):
    async with AsyncExitStack() as exits:
        billing = billing_app(settings_for(BillingSettings, "billing"))
        notifications = notifications_app(settings_for(NotificationsSettings, "notifications",
                                                       local_sink_dir=tmp_path / "sink", delivery_poll_seconds=0.05))
        clients = {}
        for name, app in (("billing", billing), ("notifications", notifications)):
            clients[name] = await exits.enter_async_context(api_client(app, runtimes))
            clients[name].runtime = app.state.runtime
        clients["sink"] = tmp_path / "sink"
        yield clients


async def redeliver(billing_runtime, event_type: str) -> str:
    """Publish billing's already-published event again, as the broker would redeliver it."""
    async with billing_runtime.session_factory() as session:
        row = (await session.execute(text(
            "SELECT event_id, routing_key, body, headers FROM outbox WHERE event_type = :t"), {"t": event_type}
        )).one()
    publisher = ConfirmingPublisher(billing_runtime.settings.amqp_url, billing_runtime.names, name="redelivery")
    try:
        await publisher.publish(exchange=billing_runtime.names.events_exchange, routing_key=row.routing_key,
                                body=row.body, message_id=str(row.event_id), headers=row.headers)
    finally:
        await publisher.close()
    return str(row.event_id)


async def test_rent_variation_gives_one_notice_and_one_pdf_even_when_delivered_twice(services, token):
    billing, notifications = services["billing"], services["notifications"]
    await configure(notifications, token, policy={"letter_route": "notify", "retry_delays_seconds": [0.2]})
    account_ref = await open_tenancy(SimpleNamespace(billing=billing), token, uuid.uuid4().hex[:6])
    officer = token("i.officer", "income_officer")

    async def contacts():
        return (await notifications.get(f"/accounts/{account_ref}/contacts", headers=officer)).status_code == 200

    await eventually(contacts, message="notifications never saw TenancyStarted")

    response = await billing.post(f"/accounts/{account_ref}/charges", headers=token("r.officer", "rent_officer") | {
        "Idempotency-Key": f"rent-review-2027-{account_ref}"}, json={
        "effective_from": "2027-04-05", "reason": "annual rent review 2027/28",
        "charges": [{"charge_type": "rent", "weekly_amount": "120.34"},
                    {"charge_type": "service_charge", "weekly_amount": "7.60"}]})
    assert response.status_code == 200, response.text

    async def sent():
        rows = await notifications_of(notifications.runtime, account_ref=account_ref,
                                      letter_type="rent_variation_notice")
        return rows if rows and rows[0]["status"] == "delivered" else None

    [notice] = await eventually(sent, message="the notice of variation was not sent")

    duplicates = CONSUMED.labels("notifications.requests", "duplicate")
    before = duplicates._value.get()
    event_id = await redeliver(billing.runtime, "RentVaried")
    assert event_id == str(notice["event_id"])

    async def duplicate_seen():
        return duplicates._value.get() > before

    await eventually(duplicate_seen, message="the redelivered event was not consumed")
    await notifications.runtime.deliverer.run_once(10)  # anything left to do would be done now

    rows = await notifications_of(notifications.runtime, account_ref=account_ref)
    assert [(r["letter_type"], r["status"]) for r in rows] == [("rent_variation_notice", "delivered")]
    [pdf] = await documents_of(notifications.runtime, notice["notification_id"])
    text_of_pdf = pdf_text(pdf)
    for expected in ("Alex Example", "Notice of variation of rent", "5 April 2027", "£127.94", "£119.58",
                     "£120.34", "£7.60", account_ref):
        assert expected in text_of_pdf, expected
    sink = services["sink"]
    assert len(list(sink.glob("*.pdf"))) == 1
    assert len(list(sink.glob("*.json"))) == 1
    assert next(sink.glob("*.pdf")).read_bytes() == pdf
