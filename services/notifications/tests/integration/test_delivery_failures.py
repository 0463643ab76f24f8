"""The delivery worker's guarantees on a real database, with a scripted gateway and a
clock the test moves: backoff between attempts, failures reported with their reason,
and never a second send, even when a sender died mid-call or two workers race."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from notifications.adapters.gateways import Accepted, Outgoing
from notifications.bootstrap import create_app
from notifications.config import NotificationsSettings
from notifications.domain.configuration import NotifyTemplates
from notifications.domain.exceptions import PermanentDeliveryFailure, TransientDeliveryFailure
from notifications.service_layer import handlers
from notifications.service_layer.delivery import Deliverer
from services.notifications.tests.support import configure, notifications_of, tenancy
from shared.contracts.envelope import Envelope
from shared.contracts.recovery import ArrangementBreachedV1
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money
from shared.testing.plugin import api_client


class ScriptedGateway:
    def __init__(self, *outcomes: Exception | None, known: set[str] | None = None, pause: float = 0) -> None:
        self.outcomes = list(outcomes)
        self.sent: list[Outgoing] = []
        self.known = known or set()
        self.pause = pause

    async def send(self, message: Outgoing, templates: NotifyTemplates) -> Accepted:
        await asyncio.sleep(self.pause)
        self.sent.append(message)
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome
        return Accepted(provider_ref=f"provider-{len(self.sent)}")

    async def find(self, reference: str) -> Accepted | None:
        return Accepted(provider_ref="found-earlier") if reference in self.known else None


class Clock:
    def __init__(self) -> None:
        # A little ahead of the database's now(), which stamps requests as due.
        self.now = datetime.now(UTC) + timedelta(seconds=5)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
async def service(settings_for, runtimes, token):
    settings = settings_for(NotificationsSettings, "notifications", delivery_enabled=False, consumers_enabled=False,
                            relay_enabled=False)
    app = create_app(settings)
    async with api_client(app, runtimes) as client:
        client.runtime = app.state.runtime
        await configure(client, token, policy={"letter_route": "notify", "retry_delays_seconds": [60, 600]})
        async with UnitOfWork(client.runtime.session_factory) as uow:
            await handlers.tenancy_started(tenancy("10000016"), uow)
            await uow.commit()
        yield client


async def request_breach_letters(runtime, count: int = 1) -> None:
    async with UnitOfWork(runtime.session_factory) as uow:
        for _ in range(count):
            event = ArrangementBreachedV1(arrangement_id=uuid.uuid4(), account_ref="10000016",
                                          period_ending=date(2026, 12, 13), expected=Money("132.08"),
                                          paid=Money("100.00"), reason="short")
            await handlers.request_notification(Envelope.wrap(event), uow)
        await uow.commit()


def deliverer(runtime, gateway, clock) -> Deliverer:
    return Deliverer(runtime.session_factory, gateway, send_lease=timedelta(seconds=120), clock=clock)


async def test_passing_failures_are_retried_after_each_backoff_then_sent(service):
    gateway, clock = ScriptedGateway(TransientDeliveryFailure("503"), TransientDeliveryFailure("429")), Clock()
    worker = deliverer(service.runtime, gateway, clock)
    await request_breach_letters(service.runtime)

    assert await worker.run_once(10) == 1
    [row] = await notifications_of(service.runtime)
    assert (row["status"], row["attempts"], row["failure_reason"]) == ("rendered", 1, "503")
    clock.advance(59)
    assert await worker.run_once(10) == 0  # not due before its backoff
    clock.advance(1)
    assert await worker.run_once(10) == 1
    clock.advance(600)
    assert await worker.run_once(10) == 1
    [row] = await notifications_of(service.runtime)
    assert (row["status"], row["attempts"], row["provider_ref"]) == ("sent", 3, "provider-3")
    assert len(gateway.sent) == 3
    assert {m.reference for m in gateway.sent} == {str(row["notification_id"])}


async def test_failures_beyond_the_policy_are_reported_with_the_last_reason(service):
    gateway, clock = ScriptedGateway(*[TransientDeliveryFailure("Notify answered 503: down")] * 3), Clock()
    worker = deliverer(service.runtime, gateway, clock)
    await request_breach_letters(service.runtime)
    for _ in range(3):
        await worker.run_once(10)
        clock.advance(600)
    [row] = await notifications_of(service.runtime)
    assert row["status"] == "failed"
    assert row["failure_reason"] == "Notify answered 503: down (gave up after 3 attempts)"
    assert await worker.run_once(10) == 0


async def test_a_refusal_fails_at_once(service):
    gateway = ScriptedGateway(PermanentDeliveryFailure("GOV.UK Notify answered 400: address not valid"))
    await request_breach_letters(service.runtime)
    await deliverer(service.runtime, gateway, Clock()).run_once(10)
    [row] = await notifications_of(service.runtime)
    assert (row["status"], row["attempts"]) == ("failed", 1)
    assert row["failure_reason"] == "GOV.UK Notify answered 400: address not valid"


async def _crash_mid_send(runtime, clock) -> dict:
    """Leave a rendered notification as a sender that died after committing 'sending'."""
    await request_breach_letters(runtime)
    await deliverer(runtime, ScriptedGateway(TransientDeliveryFailure("x")), clock).run_once(10)
    async with runtime.session_factory() as session:
        await session.execute(text("UPDATE notification SET status = 'sending', next_attempt_at = :t"),
                              {"t": clock() + timedelta(seconds=120)})
        await session.commit()
    [row] = await notifications_of(runtime)
    return row


async def test_a_send_the_gateway_already_has_is_not_sent_again_after_a_crash(service):
    clock = Clock()
    row = await _crash_mid_send(service.runtime, clock)
    gateway = ScriptedGateway(known={str(row["notification_id"])})
    worker = deliverer(service.runtime, gateway, clock)
    assert await worker.run_once(10) == 0  # the dead sender's lease has not run out
    clock.advance(121)
    assert await worker.run_once(10) == 1
    [row] = await notifications_of(service.runtime)
    assert (row["status"], row["provider_ref"]) == ("sent", "found-earlier")
    assert gateway.sent == []


async def test_a_send_the_gateway_never_got_is_sent_after_the_lease(service):
    clock = Clock()
    await _crash_mid_send(service.runtime, clock)
    clock.advance(121)
    gateway = ScriptedGateway()
    await deliverer(service.runtime, gateway, clock).run_once(10)
    [row] = await notifications_of(service.runtime)
    assert row["status"] == "sent"
    assert len(gateway.sent) == 1


async def test_workers_racing_send_each_notification_once(service):
    # Each worker renders, commits, then locks the row again to send: the others must not
    # slip in between and send it too.
    await request_breach_letters(service.runtime, count=10)
    gateway, clock = ScriptedGateway(pause=0.01), Clock()
    await asyncio.gather(*(deliverer(service.runtime, gateway, clock).run_once(30) for _ in range(3)))
    rows = await notifications_of(service.runtime)
    assert {r["status"] for r in rows} == {"sent"}
    assert sorted(m.reference for m in gateway.sent) == sorted(str(r["notification_id"]) for r in rows)
