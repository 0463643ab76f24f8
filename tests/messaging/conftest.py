"""A probe service for testing the messaging core on real RabbitMQ and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from shared.contracts.envelope import Envelope
from shared.contracts.payments import PaymentReceivedV1
from shared.contracts.types import PaymentMethod
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import Consumer, Incoming, PermanentFailure
from shared.messaging.publisher import ConfirmingPublisher
from shared.money import Money
from shared.runtime import ServiceRuntime
from shared.settings import ServiceSettings

PROBE_DIR = Path(__file__).parent / "probe"
CONSUMER = "probe.payments"


class ProbeSettings(ServiceSettings):
    service_name: str = "probe"


def payment_event(account_ref: str = "10000007", amount: str = "10.00", seq: int | None = None) -> Envelope:
    data = PaymentReceivedV1(
        payment_id=uuid.uuid4(), account_ref=account_ref, amount=Money(amount),
        method=PaymentMethod.CASH, channel="paypoint", received_on=date(2026, 11, 23),
        external_id=uuid.uuid4().hex, source="test",
    )
    return Envelope.wrap(data, sequence=seq)


def probe_consumer(behaviour: str = "ok", failures: dict[str, int] | None = None) -> Consumer:
    """behaviour: ok | always_fail | permanent | slow | overlap (records the most handlers running
    at once in extra["most_at_once"]) | fail_first (fails `failures[id]` times)."""
    failures = failures if failures is not None else {}
    started = asyncio.Event()
    running = {"now": 0}

    async def handle(msg: Incoming, uow: UnitOfWork) -> None:
        await uow.session.execute(
            text("INSERT INTO effect (message_id, payload) VALUES (:m, :p)"),
            {"m": msg.message_id, "p": msg.data.account_ref},
        )
        if behaviour == "overlap":
            running["now"] += 1
            consumer.extra["most_at_once"] = max(consumer.extra["most_at_once"], running["now"])
            await asyncio.sleep(0.2)
            running["now"] -= 1
        if behaviour == "slow":
            started.set()
            await asyncio.sleep(1.0)
        if behaviour == "always_fail":
            raise RuntimeError("database of a partner is down")
        if behaviour == "permanent":
            raise PermanentFailure("account 10000007 is not known here", reason="unknown_account")
        if behaviour == "fail_first" and failures.get(msg.message_id, 0) > 0:
            failures[msg.message_id] -= 1
            raise RuntimeError("transient failure")

    consumer = Consumer.for_events(CONSUMER, {PaymentReceivedV1: handle})
    consumer.extra["started"] = started
    consumer.extra["most_at_once"] = 0
    return consumer


async def count_effects(runtime: ServiceRuntime, message_id: str | None = None) -> int:
    async with runtime.session_factory() as session:
        if message_id is None:
            return (await session.execute(text("SELECT count(*) FROM effect"))).scalar_one()
        return (await session.execute(
            text("SELECT count(*) FROM effect WHERE message_id = :m"), {"m": message_id}
        )).scalar_one()


async def publish(publisher: ConfirmingPublisher, envelope: Envelope, *, body: bytes | None = None,
                  message_id: str | None = None, routing_key: str | None = None) -> None:
    await publisher.publish(
        exchange=publisher.names.events_exchange,
        routing_key=routing_key or envelope.routing_key,
        body=body if body is not None else envelope.model_dump_json().encode(),
        message_id=message_id or str(envelope.event_id),
    )


@pytest.fixture
def probe_settings(settings_for):
    def make(**overrides) -> ProbeSettings:
        return settings_for(ProbeSettings, PROBE_DIR, **overrides)

    return make


@pytest.fixture
async def test_publisher(amqp_url, namespace):
    from shared.messaging.topology import Names

    publisher = ConfirmingPublisher(amqp_url, Names(namespace), name="test-publisher")
    await publisher.connect()
    yield publisher
    await publisher.close()
