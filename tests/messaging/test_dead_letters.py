"""What a dead letter says, on real RabbitMQ and PostgreSQL: a database failure is described
without the values it was given, and a message the broker dead-lettered itself (its consumer
kept dying holding it) is listed by `GET /dead-letters` with the broker's reason."""

from __future__ import annotations

import logging

import aio_pika
from sqlalchemy import text

from shared.contracts.payments import PaymentReceivedV1
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import DETAIL_HEADER, REASON_HEADER, Consumer, Incoming
from shared.runtime import ServiceRuntime
from shared.testing.helpers import eventually, get_messages, queue_depth
from shared.testing.plugin import api_client
from shared.web.app import create_service_app

from .conftest import CONSUMER, payment_event, probe_consumer, publish

NAME = "Alexandra Example-Person"


def consumer_breaking_a_constraint() -> Consumer:
    """Writes a tenant's name in a row the database refuses (NOT NULL): the IntegrityError's
    parameters and PostgreSQL's DETAIL ("Failing row contains …") both hold the name."""

    async def handle(msg: Incoming, uow: UnitOfWork) -> None:
        await uow.session.execute(text("INSERT INTO effect (message_id, payload) VALUES (:m, :p)"),
                                  {"m": None, "p": NAME})

    return Consumer.for_events(CONSUMER, {PaymentReceivedV1: handle})


async def test_a_database_failure_is_dead_lettered_without_the_values_it_was_given(
    runtimes, probe_settings, test_publisher, amqp_url, caplog
):
    caplog.set_level(logging.DEBUG)
    runtime = await runtimes.start(ServiceRuntime(probe_settings(), [consumer_breaking_a_constraint()]))
    await publish(test_publisher, payment_event())
    [dead] = await get_messages(amqp_url, runtime.names.dead_letter_queue(CONSUMER), expect=1)
    assert dead.headers[REASON_HEADER] == "retries_exhausted"
    assert dead.headers[DETAIL_HEADER] == (
        "IntegrityError: NotNullViolationError (sqlstate 23502, table effect, column message_id)")
    assert NAME not in repr(dead.headers)
    assert NAME not in caplog.text


async def a_consumer_dies_holding_a_message(amqp_url: str, queue: str) -> bool:
    """Take a message unacknowledged and drop the connection, as a process killed mid-message
    does. False once the queue is empty."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        message = await (await channel.get_queue(queue, ensure=True)).get(no_ack=False, fail=False)
    return message is not None


async def test_a_message_the_broker_dead_lettered_is_listed_with_the_brokers_reason(
    runtimes, probe_settings, test_publisher, amqp_url, token
):
    settings = probe_settings(delivery_limit=2, consumers_enabled=False, relay_enabled=False)
    declarer = await runtimes.start(ServiceRuntime(settings.model_copy(update={"consumers_enabled": True}),
                                                   [probe_consumer()]))
    await runtimes.stop(declarer)  # the queues exist; nothing consumes
    event = payment_event()
    await publish(test_publisher, event)
    names = declarer.names
    dlq = names.dead_letter_queue(CONSUMER)

    async def crash_looped() -> bool:
        await a_consumer_dies_holding_a_message(amqp_url, names.queue(CONSUMER))
        return await queue_depth(amqp_url, dlq) == 1

    await eventually(crash_looped, message="the broker never dead-lettered the message")

    app = create_service_app(title="probe", settings=settings,
                             runtime_factory=lambda: ServiceRuntime(settings, [probe_consumer()]))
    async with api_client(app, runtimes) as client:
        response = await client.get("/dead-letters", headers=token("a.auditor", "auditor"))
    assert response.status_code == 200, response.text
    [listed] = response.json()
    assert (listed["consumer"], listed["queue"], listed["messages"]) == (CONSUMER, dlq, 1)
    [shown] = listed["shown"]
    assert shown["message_id"] == str(event.event_id)
    assert shown["routing_key"] == event.routing_key
    assert shown["reason"] == "delivery_limit"
    assert shown["detail"].startswith(f"dead-lettered by the broker: delivery_limit on {names.queue(CONSUMER)}")
    assert shown["body"]["event_id"] == str(event.event_id)
    assert await queue_depth(amqp_url, dlq) == 1  # listing leaves it where it is
