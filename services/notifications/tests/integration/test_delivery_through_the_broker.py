"""Notifications on the real broker and database: contacts projected from tenancies,
requests recorded once, rendered, sent by the tenant's chosen channel, batched for print,
and bad requests dead-lettered with their reason."""

from __future__ import annotations

import csv
import io
import json
import uuid
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader
from sqlalchemy import text

from notifications.bootstrap import create_app
from notifications.config import NotificationsSettings
from services.notifications.tests.support import configure, documents_of, notifications_of, publish, tenancy
from services.notifications.tests.unit.pdf_text import pdf_text
from shared.contracts.payments import MandateCancelledV1, PaymentReversedV1
from shared.contracts.recovery import ArrangementCreatedV1, LetterRequestedV1
from shared.contracts.refunds import RefundIssuedV1
from shared.messaging.consumer import DETAIL_HEADER, REASON_HEADER
from shared.money import Money
from shared.testing.helpers import eventually, get_messages
from shared.testing.plugin import api_client

OFFICER = ("i.officer", "income_officer")


@pytest.fixture
async def service(settings_for, runtimes, tmp_path):
    settings = settings_for(NotificationsSettings, "notifications", local_sink_dir=tmp_path / "sink",
                            delivery_poll_seconds=0.05)
    app = create_app(settings)
    async with api_client(app, runtimes) as client:
        client.runtime = app.state.runtime
        client.sink = tmp_path / "sink"
        yield client


def arrangement(account_ref: str) -> ArrangementCreatedV1:
    return ArrangementCreatedV1(arrangement_id=uuid.uuid4(), account_ref=account_ref, amount=Money("12.50"),
                                frequency="weekly", start_date=date(2026, 11, 30), arrears_at_start=Money("412.30"),
                                weekly_charge=Money("119.58"), agreed_by="i.officer")


async def contacts_known(service, account_ref, token):
    response = await service.get(f"/accounts/{account_ref}/contacts", headers=token(*OFFICER))
    return response.json() if response.status_code == 200 else None


async def test_preferred_email_gets_the_letter_by_email_once(service, token):
    await configure(service, token, policy={"letter_route": "notify", "retry_delays_seconds": [0.1]})
    await publish(service.runtime, tenancy("10000016", email="alex@example.com"))
    [contact] = await eventually(lambda: contacts_known(service, "10000016", token))
    assert (contact["name"], contact["email"]) == ("Alex Example", "alex@example.com")
    response = await service.put("/contacts/PER-1/preferences", headers=token(*OFFICER),
                                 json={"channel": "email", "reason": "tenant asked by phone"})
    assert response.status_code == 200, response.text

    event = arrangement("10000016")
    event_id = await publish(service.runtime, event)
    await publish(service.runtime, event, event_id=event_id)  # redelivered

    async def delivered():
        rows = await notifications_of(service.runtime, event_id=event_id)
        return rows if rows and rows[0]["status"] == "delivered" else None

    [row] = await eventually(delivered)
    assert (row["letter_type"], row["channel"], row["attempts"]) == ("arrangement_confirmation", "email", 1)
    assert row["recipient"]["to"] == "alex@example.com"
    [pdf] = await documents_of(service.runtime, row["notification_id"])
    assert "£12.50" in pdf_text(pdf)
    [sent] = list(service.sink.glob("*.json"))
    record = json.loads(sent.read_text())
    assert (record["channel"], record["to"], record["reference"]) == ("email", "alex@example.com",
                                                                      str(row["notification_id"]))
    assert "£12.50" in record["body"]
    assert (service.sink / record["pdf"]).read_bytes() == pdf


async def test_print_room_letters_wait_for_mail_merge_batches(service, token):
    await configure(service, token, policy={"letter_route": "print", "batch_max_letters": 2})
    officer = token(*OFFICER)
    people = (("10000024", "Sam Example", "E8 1AB"), ("10000032", "Kim Example", "E8 1AB"),
              ("10000040", "Jo Bloggs", "N1 1AA"))
    for ref, name, postcode in people:
        await publish(service.runtime, tenancy(ref, person=f"PER-{ref}", name=name, postcode=postcode))
        await eventually(lambda ref=ref: contacts_known(service, ref, token))
        await publish(service.runtime, LetterRequestedV1(
            request_id=uuid.uuid4(), letter_type="arrears_first_letter", account_ref=ref, requested_by="system",
            data={"balance": "412.30", "as_at": "2026-11-23", "weekly_charge": "119.58"}))

    async def rendered():
        rows = await notifications_of(service.runtime, letter_type="arrears_first_letter", status="rendered")
        return rows if len(rows) == 3 else None

    rows = await eventually(rendered)
    day = str(rows[0]["rendered_at"].astimezone(ZoneInfo("Europe/London")).date())
    response = await service.post("/mail-merge-batches", headers=officer,
                                  json={"letter_type": "arrears_first_letter", "day": day})
    assert response.status_code == 201, response.text
    first = response.json()
    assert first["letter_count"] == 2  # the policy's batch size
    pdf = (await service.get(f"/mail-merge-batches/{first['batch_id']}/pdf", headers=officer)).content
    assert len(PdfReader(io.BytesIO(pdf)).pages) == first["page_count"]
    assert first["page_count"] % 2 == 0
    manifest = (await service.get(f"/mail-merge-batches/{first['batch_id']}/manifest.csv", headers=officer)).text
    lines = list(csv.DictReader(io.StringIO(manifest)))
    assert [line["postcode"] for line in lines] == ["E8 1AB", "E8 1AB"]  # the two oldest, in postcode order
    text = pdf_text(pdf)
    for line in lines:
        assert line["addressee"] in text

    second = (await service.post("/mail-merge-batches", headers=officer,
                                 json={"letter_type": "arrears_first_letter", "day": day})).json()
    assert second["letter_count"] == 1
    sent = await notifications_of(service.runtime, letter_type="arrears_first_letter")
    assert {r["status"] for r in sent} == {"sent"}
    assert {str(r["batch_id"]) for r in sent} == {first["batch_id"], second["batch_id"]}

    again = await service.post("/mail-merge-batches", headers=officer,
                               json={"letter_type": "arrears_first_letter", "day": day})
    assert again.status_code == 422
    assert again.headers["content-type"] == "application/problem+json"
    assert "waiting to be printed" in again.json()["detail"]


async def test_letter_request_with_data_its_template_lacks_is_dead_lettered(service, amqp_url):
    event_id = await publish(service.runtime, LetterRequestedV1(
        request_id=uuid.uuid4(), letter_type="nosp_cover_letter", account_ref="10000016", requested_by="system",
        data={"balance": "500.00"}))
    [message] = await get_messages(amqp_url, service.runtime.names.dead_letter_queue("notifications.requests"),
                                   expect=1)
    assert message.message_id == str(event_id)
    assert message.headers[REASON_HEADER] == "invalid_letter_data"
    assert "served_on: Field required" in message.headers[DETAIL_HEADER]
    assert await notifications_of(service.runtime) == []


async def test_missing_contacts_are_retried_then_reported_and_can_be_retried(service, token):
    await configure(service, token, policy={"letter_route": "notify", "retry_delays_seconds": [0.05, 0.05]})
    event_id = await publish(service.runtime, RefundIssuedV1(
        refund_id=uuid.uuid4(), account_ref="10000040", amount=Money("75.40"), payee="tenant",
        paid_on=date(2026, 11, 27), batch_id=uuid.uuid4(), reason="credit after tenancy end"))

    async def failed():
        response = await service.get("/notifications", params={"status": "failed"}, headers=token(*OFFICER))
        return [n for n in response.json() if n["event_id"] == str(event_id)]

    [row] = await eventually(failed)
    assert row["attempts"] == 3
    assert row["failure_reason"] == "no contact details held for account 10000040 (gave up after 3 attempts)"

    await publish(service.runtime, tenancy("10000040"))
    await eventually(lambda: contacts_known(service, "10000040", token))
    response = await service.post(f"/notifications/{row['notification_id']}/retry", headers=token(*OFFICER),
                                  json={"reason": "tenancy now known"})
    assert response.status_code == 200, response.text

    async def delivered():
        rows = await notifications_of(service.runtime, event_id=event_id)
        return rows[0] if rows[0]["status"] == "delivered" else None

    done = await eventually(delivered)
    assert done["channel"] == "letter"
    assert done["failure_reason"] is None


async def test_only_reversals_and_cancellations_a_tenant_must_act_on_ask_for_letters(service):
    def reversal(method: str) -> PaymentReversedV1:
        return PaymentReversedV1(reversal_id=uuid.uuid4(), account_ref="10000016", amount=Money("50.00"),
                                 method=method, reason_code="X", reason="returned", reversed_on=date(2026, 12, 4),
                                 source="file:1:1")

    ids = [await publish(service.runtime, reversal("housing_benefit")),
           await publish(service.runtime, MandateCancelledV1(
               mandate_id=uuid.uuid4(), account_ref="10000016", cancelled_on=date(2026, 12, 4),
               reason_code="TENANCY-ENDED", reason="tenancy terminated")),
           await publish(service.runtime, reversal("direct_debit"))]

    async def all_consumed():
        async with service.runtime.session_factory() as session:
            found = await session.execute(text("SELECT count(*) FROM inbox WHERE message_id = ANY(:ids)"),
                                          {"ids": [str(i) for i in ids]})
            return found.scalar() == 3

    await eventually(all_consumed)
    rows = await notifications_of(service.runtime)
    assert [(r["event_type"], r["letter_type"]) for r in rows] == [("PaymentReversed", "payment_returned_notice")]
