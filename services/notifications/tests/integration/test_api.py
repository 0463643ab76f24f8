"""Notifications' HTTP API: configuration and preferences with audit, validation as
problem+json, access control, letter types, PDFs and GOV.UK Notify delivery receipts."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from sqlalchemy import text

from notifications.bootstrap import create_app
from notifications.config import NotificationsSettings
from notifications.service_layer import handlers
from services.notifications.tests.support import configure, notifications_of, tenancy
from services.notifications.tests.unit.pdf_text import pdf_text
from shared.contracts.billing import AccountOpenedV1, ServiceChargeInvoicedV1
from shared.contracts.envelope import Envelope
from shared.contracts.refunds import RefundIssuedV1
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money
from shared.testing.helpers import eventually
from shared.testing.plugin import api_client

CALLBACK_TOKEN = "notify-callback-secret-0123456789"


@pytest.fixture
async def service(settings_for, runtimes, tmp_path):
    settings = settings_for(NotificationsSettings, "notifications", consumers_enabled=False, relay_enabled=False,
                            local_sink_dir=tmp_path, delivery_poll_seconds=0.05,
                            notify_callback_token=CALLBACK_TOKEN)
    app = create_app(settings)
    async with api_client(app, runtimes) as client:
        client.runtime = app.state.runtime
        async with UnitOfWork(client.runtime.session_factory) as uow:
            await handlers.tenancy_started(tenancy("10000016", email="alex@example.com"), uow)
            await uow.commit()
        yield client


async def audit_rows(service, entity: str) -> list[dict]:
    async with service.runtime.session_factory() as session:
        rows = await session.execute(text("SELECT * FROM audit_log WHERE entity = :e ORDER BY id"), {"e": entity})
        return [dict(r) for r in rows.mappings()]


async def test_landlord_details_are_admin_configuration_with_an_audit_trail(service, token):
    assert (await service.get("/config/landlord", headers=token("r", "rent_officer"))).status_code == 404
    await configure(service, token)
    body = (await service.get("/config/landlord", headers=token("r", "rent_officer"))).json()
    assert body["value"]["name"] == "Borough of Example"
    assert body["updated_by"] == "sys.admin"

    changed = body["value"] | {"phone": "020 7946 9999"}
    refused = await service.put("/config/landlord", headers=token("r", "rent_officer"),
                                json={"value": changed, "reason": "new switchboard"})
    assert refused.status_code == 403
    response = await service.put("/config/landlord", headers=token("boss", "admin"),
                                 json={"value": changed, "reason": "new switchboard"})
    assert response.status_code == 200
    [first, second] = await audit_rows(service, "notification_setting")
    assert (second["actor"], second["reason"]) == ("boss", "new switchboard")
    assert (second["before"]["phone"], second["after"]["phone"]) == ("020 7946 0000", "020 7946 9999")
    assert first["before"] is None


async def test_bad_configuration_is_refused_listing_every_problem(service, token):
    response = await service.put("/config/delivery_policy", headers=token("boss", "admin"), json={
        "value": {"retry_delays_seconds": [-5], "letter_route": "pigeon", "colour": "red"}, "reason": "x"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    locations = {tuple(e["loc"]) for e in response.json()["errors"]}
    assert locations == {("body", "value", "retry_delays_seconds", 0), ("body", "value", "letter_route"),
                         ("body", "value", "colour"), ("body", "reason")}
    response = await service.put("/config/template_pins", headers=token("boss", "admin"), json={
        "value": {"versions": {"rent_variation_notice": 9}}, "reason": "hold the old wording"})
    assert response.status_code == 422
    assert response.json()["detail"] == "rent_variation_notice has no template version 9 (has [1])"


async def test_contact_preferences_are_set_by_officers_and_audited(service, token):
    officer = token("i.officer", "income_officer")
    assert (await service.get("/contacts/PER-1/preferences", headers=officer)).json()["channel"] == "letter"
    response = await service.put("/contacts/PER-1/preferences", headers=officer, json={
        "channel": "sms", "format": "large_print", "mobile": "07700 900123", "reason": "tenant's request"})
    assert response.status_code == 200, response.text
    assert response.json() | {"updated_at": None} == {
        "person_id": "PER-1", "channel": "sms", "format": "large_print", "email": None, "mobile": "07700 900123",
        "updated_by": "i.officer", "updated_at": None}
    [entry] = await audit_rows(service, "contact_preference")
    assert (entry["actor"], entry["reason"], entry["before"]) == ("i.officer", "tenant's request", None)

    bad = await service.put("/contacts/PER-1/preferences", headers=officer,
                            json={"channel": "fax", "mobile": "12345", "reason": "x"})
    assert bad.status_code == 422
    assert {e["loc"][-1] for e in bad.json()["errors"]} == {"channel", "mobile", "reason"}
    unknown = await service.put("/contacts/PER-404/preferences", headers=officer,
                                json={"channel": "email", "reason": "tenant's request"})
    assert unknown.status_code == 404
    assert unknown.json()["detail"] == "no tenant PER-404 is known to notifications"
    assert (await service.put("/contacts/PER-1/preferences", headers=token("a", "auditor"),
                              json={"channel": "email", "reason": "tenant's request"})).status_code == 403


async def test_letter_types_list_versions_and_the_data_recovery_must_send(service, token):
    types = {t["letter_type"]: t for t in (await service.get("/letter-types", headers=token())).json()}
    assert len(types) == 19
    assert types["rent_variation_notice"] | {"data_schema": None} == {
        "letter_type": "rent_variation_notice", "title": "Notice of variation of rent", "event": "RentVaried",
        "in_writing_only": True, "versions": [1], "active_version": 1, "data_schema": None}
    schema = types["nosp_cover_letter"]["data_schema"]
    assert set(schema["required"]) == {"balance", "as_at", "weekly_charge", "served_on", "proceedings_from",
                                       "expires_on"}


async def _delivered_refund(service, token) -> dict:
    await configure(service, token, policy={"letter_route": "notify", "retry_delays_seconds": [0.1]})
    async with UnitOfWork(service.runtime.session_factory) as uow:
        event = RefundIssuedV1(refund_id=uuid.uuid4(), account_ref="10000016", amount=Money("75.40"),
                               payee="tenant", paid_on=date(2026, 11, 27), batch_id=uuid.uuid4(), reason="credit")
        await handlers.request_notification(Envelope.wrap(event), uow)
        await uow.commit()

    async def done():
        rows = await notifications_of(service.runtime)
        return rows[0] if rows and rows[0]["status"] in ("delivered", "failed") else None

    return await eventually(done)


async def test_the_letter_as_sent_can_be_read_back_as_a_pdf(service, token):
    row = await _delivered_refund(service, token)
    assert row["status"] == "delivered", row["failure_reason"]
    response = await service.get(f"/notifications/{row['notification_id']}/pdf", headers=token("a", "auditor"))
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    missing = await service.get(f"/notifications/{uuid.uuid4()}/pdf", headers=token("a", "auditor"))
    assert missing.status_code == 404
    retry = await service.post(f"/notifications/{row['notification_id']}/retry", headers=token("i", "income_officer"),
                               json={"reason": "resend please"})
    assert retry.status_code == 422
    assert retry.json()["detail"] == "only a failed notification can be retried; this one is delivered"


async def test_notify_delivery_receipts_need_the_callback_token(service, token):
    row = await _delivered_refund(service, token)
    notify_id = str(uuid.uuid4())
    async with service.runtime.session_factory() as session:
        await session.execute(text("UPDATE notification SET status = 'sent', provider_ref = :p"), {"p": notify_id})
        await session.commit()
    receipt = {"id": notify_id, "reference": str(row["notification_id"]), "status": "permanent-failure",
               "notification_type": "email"}
    assert (await service.post("/notify/callbacks", json=receipt)).status_code == 401
    assert (await service.post("/notify/callbacks", json=receipt,
                               headers={"Authorization": "Bearer wrong"})).status_code == 401
    auth = {"Authorization": f"Bearer {CALLBACK_TOKEN}"}
    stranger = receipt | {"id": str(uuid.uuid4())}
    assert (await service.post("/notify/callbacks", json=stranger, headers=auth)).status_code == 404

    assert (await service.post("/notify/callbacks", json=receipt, headers=auth)).status_code == 204
    [row] = await notifications_of(service.runtime)
    assert row["status"] == "failed"
    assert row["failure_reason"] == "permanent-failure: the provider says the address or number does not exist"


async def test_notify_delivered_receipt_completes_the_log(service, token):
    await _delivered_refund(service, token)
    notify_id = str(uuid.uuid4())
    async with service.runtime.session_factory() as session:
        await session.execute(text("UPDATE notification SET status = 'sent', delivered_at = NULL, provider_ref = :p"),
                              {"p": notify_id})
        await session.commit()
    receipt = {"id": notify_id, "status": "delivered", "completed_at": "2026-11-24T10:15:00Z"}
    response = await service.post("/notify/callbacks", json=receipt,
                                  headers={"Authorization": f"Bearer {CALLBACK_TOKEN}"})
    assert response.status_code == 204
    [row] = await notifications_of(service.runtime)
    assert row["status"] == "delivered"
    assert row["delivered_at"].isoformat() == "2026-11-24T10:15:00+00:00"


async def test_officer_gives_a_leaseholders_address_and_the_invoice_goes_there(service, token):
    officer = token("l.officer", "leasehold_officer")
    body = {"name": "Lee Holder", "address": ["Flat 9", "Tower Court", "London", "E2 7QA"],
            "email": "lee@example.com", "reason": "leaseholder's correspondence address"}
    bad = await service.put("/accounts/10000017/contacts/LH-1", headers=officer, json=body)
    assert bad.status_code == 422
    assert bad.json()["detail"] == "10000017 is not a valid account reference"
    response = await service.put("/accounts/10000024/contacts/LH-1", headers=officer, json=body)
    assert response.status_code == 200, response.text
    assert [(c["name"], c["address"][-1]) for c in response.json()] == [("Lee Holder", "E2 7QA")]
    [entry] = await audit_rows(service, "contact")
    assert (entry["entity_id"], entry["actor"], entry["after"]["name"]) == ("10000024/LH-1", "l.officer",
                                                                            "Lee Holder")

    await configure(service, token, policy={"letter_route": "notify", "retry_delays_seconds": [0.1]})
    async with UnitOfWork(service.runtime.session_factory) as uow:
        invoice = ServiceChargeInvoicedV1(invoice_ref="SC-27-9", account_ref="10000024", invoice_type="estimate",
                                          amount=Money("1234.56"), due_date=date(2027, 4, 30))
        await handlers.request_notification(Envelope.wrap(invoice), uow)
        await uow.commit()

    async def done():
        rows = await notifications_of(service.runtime, account_ref="10000024")
        return rows[0] if rows and rows[0]["status"] == "delivered" else None

    row = await eventually(done)
    assert row["recipient"]["address"] == ["Flat 9", "Tower Court", "London", "E2 7QA"]
    pdf = (await service.get(f"/notifications/{row['notification_id']}/pdf", headers=officer)).content
    assert "Lee Holder" in pdf_text(pdf)
    assert "£1,234.56" in pdf_text(pdf)


async def test_officers_limited_to_patches_see_only_their_accounts(service, token, dev_issuer):
    async with UnitOfWork(service.runtime.session_factory) as uow:
        await handlers.account_opened(AccountOpenedV1(account_ref="10000016", account_type="rent",
                                                      opened_on=date(2026, 4, 6), patch="HK01"), uow)
        await uow.commit()
    row = await _delivered_refund(service, token)

    def officer(*patches: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {dev_issuer.mint('p.officer', ['income_officer'], patches=list(patches))}"}

    mine, other = officer("HK01"), officer("LS01")
    assert (await service.get("/accounts/10000016/contacts", headers=mine)).status_code == 200
    refused = await service.get("/accounts/10000016/contacts", headers=other)
    assert refused.status_code == 403
    assert refused.json()["detail"] == "account 10000016 is not in one of your patches"
    assert len((await service.get("/notifications", headers=mine)).json()) == 1
    assert (await service.get("/notifications", headers=other)).json() == []
    assert (await service.get(f"/notifications/{row['notification_id']}/pdf", headers=other)).status_code == 403
    assert (await service.get("/contacts/PER-1/preferences", headers=other)).status_code == 403
    assert (await service.get("/contacts/PER-1/preferences", headers=mine)).status_code == 200
    batch = await service.post("/mail-merge-batches", headers=mine,
                               json={"letter_type": "refund_confirmation", "day": "2026-11-23"})
    assert batch.status_code == 403


async def test_readiness_includes_the_delivery_worker(service):
    response = await service.get("/ready")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok", "delivery_worker": "ok"}
    service.runtime.worker.stop()
    async def stopped():
        return (await service.get("/ready")).status_code == 503

    await eventually(stopped)
    response = await service.get("/ready")
    assert response.status_code == 503
    assert response.json()["checks"]["delivery_worker"] == "failing"


async def test_a_letter_can_be_proofed_from_an_event_before_it_goes_live(service, token):
    officer = token("s.officer", "senior_officer")
    event = {"account_ref": "10000016", "effective_from": "2027-04-05", "old_weekly_total": "119.58",
             "new_weekly_total": "127.94", "charges": [], "notice_required_by": "2027-03-08"}
    response = await service.post("/letter-types/rent_variation_notice/preview", headers=officer,
                                  json={"event": event})
    assert response.status_code == 422
    assert response.json()["detail"] == "the landlord's details are not configured (PUT /config/landlord)"
    await configure(service, token)
    response = await service.post("/letter-types/rent_variation_notice/preview", headers=officer,
                                  json={"event": event, "large_print": True})
    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Alex Example" in text and "£127.94" in text and "5 April 2027" in text

    bad = await service.post("/letter-types/rent_variation_notice/preview", headers=officer,
                             json={"event": event | {"new_weekly_total": "1.234"}})
    assert bad.status_code == 422
    assert "new_weekly_total" in bad.json()["detail"]
    lacking = await service.post("/letter-types/nosp_cover_letter/preview", headers=officer, json={"event": {
        "request_id": str(uuid.uuid4()), "letter_type": "nosp_cover_letter", "account_ref": "10000016",
        "requested_by": "x", "data": {"balance": "1.00"}}})
    assert lacking.status_code == 422
    assert "served_on: Field required" in lacking.json()["detail"]
    assert await notifications_of(service.runtime) == []
