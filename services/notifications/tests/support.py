"""Helpers for notifications' integration tests: a running service, events sent
through the real broker as their producers would, and configuration through the API."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import text

from notifications.runtime import NotificationsRuntime
from services.notifications.tests.samples import LANDLORD
from shared.contracts.billing import Party, TenancyStartedV1
from shared.contracts.envelope import Envelope, EventData
from shared.messaging.publisher import ConfirmingPublisher
from shared.money import Money


async def publish(runtime: NotificationsRuntime, data: EventData, event_id: uuid.UUID | None = None) -> uuid.UUID:
    """Publish an event exactly as a producer's outbox relay would (persistent, confirmed,
    message id = event id). Sending the same event id again is a redelivery."""
    envelope = Envelope.wrap(data, event_id=event_id)
    publisher = ConfirmingPublisher(runtime.settings.amqp_url, runtime.names, name="test-producer")
    try:
        await publisher.publish(exchange=runtime.names.events_exchange, routing_key=envelope.routing_key,
                                body=envelope.model_dump_json().encode(), message_id=str(envelope.event_id))
    finally:
        await publisher.close()
    return envelope.event_id


def tenancy(account_ref: str, *, email: str | None = None, mobile: str | None = None, person: str = "PER-1",
            name: str = "Alex Example", postcode: str = "E8 1AB") -> TenancyStartedV1:
    return TenancyStartedV1(
        tenancy_ref=f"T-{account_ref}", account_ref=account_ref, property_ref=f"P-{account_ref}", patch="HK01",
        tenure="secure", start_date=date(2026, 4, 6),
        tenants=[Party(person_id=person, name=name, is_lead=True, email=email, mobile=mobile)],
        address=["Flat 3", "12 Acacia Avenue", "London", postcode], weekly_total=Money("119.58"),
    )


async def configure(client, token, *, policy: dict[str, Any] | None = None) -> None:
    admin = token("sys.admin", "admin")
    response = await client.put("/config/landlord", headers=admin, json={
        "value": LANDLORD.model_dump(mode="json"), "reason": "go-live configuration"})
    assert response.status_code == 200, response.text
    if policy is not None:
        response = await client.put("/config/delivery_policy", headers=admin,
                                    json={"value": policy, "reason": "test policy"})
        assert response.status_code == 200, response.text


async def notifications_of(runtime: NotificationsRuntime, **where: Any) -> list[dict[str, Any]]:
    clause = " AND ".join(f"{k} = :{k}" for k in where) or "TRUE"
    async with runtime.session_factory() as session:
        rows = await session.execute(text(f"SELECT * FROM notification WHERE {clause} ORDER BY requested_at"), where)
        return [dict(r) for r in rows.mappings()]


async def documents_of(runtime: NotificationsRuntime, notification_id: uuid.UUID) -> list[bytes]:
    async with runtime.session_factory() as session:
        rows = await session.execute(text("SELECT pdf FROM notification_document WHERE notification_id = :n"),
                                     {"n": notification_id})
        return [r.pdf for r in rows]
