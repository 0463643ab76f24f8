"""The consumer side of the messaging core, on real RabbitMQ and PostgreSQL."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from shared.messaging.consumer import DETAIL_HEADER, REASON_HEADER
from shared.messaging.topology import RETRY_HEADER
from shared.runtime import ServiceRuntime
from shared.testing.helpers import eventually, get_messages, queue_depth

from .conftest import CONSUMER, count_effects, payment_event, probe_consumer, publish


async def start_probe(runtimes, settings, consumer) -> ServiceRuntime:
    return await runtimes.start(ServiceRuntime(settings, [consumer]))


async def test_redelivered_event_is_applied_once(runtimes, probe_settings, test_publisher, amqp_url):
    runtime = await start_probe(runtimes, probe_settings(), probe_consumer())
    event = payment_event()
    await publish(test_publisher, event)
    await publish(test_publisher, event)  # the same message id again, as a redelivery would be
    queue = runtime.names.queue(CONSUMER)
    await eventually(lambda: count_effects(runtime, str(event.event_id)))
    await eventually(lambda: _is_empty(amqp_url, queue), message="queue not drained")
    assert await count_effects(runtime, str(event.event_id)) == 1


async def test_transient_failure_is_retried_then_applied_once(runtimes, probe_settings, test_publisher):
    event = payment_event()
    failures = {str(event.event_id): 2}
    runtime = await start_probe(runtimes, probe_settings(), probe_consumer("fail_first", failures))
    await publish(test_publisher, event)
    await eventually(lambda: count_effects(runtime, str(event.event_id)))
    assert failures[str(event.event_id)] == 0
    await asyncio.sleep(0.5)
    assert await count_effects(runtime) == 1, "failed attempts must leave no effects"


async def test_failing_handler_is_dead_lettered_after_configured_retries(
    runtimes, probe_settings, test_publisher, amqp_url
):
    runtime = await start_probe(runtimes, probe_settings(), probe_consumer("always_fail"))
    event = payment_event()
    await publish(test_publisher, event)
    [dead] = await get_messages(amqp_url, runtime.names.dead_letter_queue(CONSUMER), expect=1)
    assert dead.message_id == str(event.event_id)
    assert dead.headers[REASON_HEADER] == "retries_exhausted"
    assert "RuntimeError: database of a partner is down" in dead.headers[DETAIL_HEADER]
    assert dead.headers[RETRY_HEADER] == 2  # the two configured retries were spent
    assert json.loads(dead.body)["event_id"] == str(event.event_id)
    assert await count_effects(runtime) == 0


async def test_permanent_failure_is_dead_lettered_without_retrying(
    runtimes, probe_settings, test_publisher, amqp_url
):
    runtime = await start_probe(runtimes, probe_settings(), probe_consumer("permanent"))
    await publish(test_publisher, payment_event())
    [dead] = await get_messages(amqp_url, runtime.names.dead_letter_queue(CONSUMER), expect=1)
    assert dead.headers[REASON_HEADER] == "unknown_account"
    assert dead.headers[RETRY_HEADER] == 0


async def test_poison_messages_are_dead_lettered_with_their_reason(
    runtimes, probe_settings, test_publisher, amqp_url
):
    runtime = await start_probe(runtimes, probe_settings(), probe_consumer())
    good = payment_event()
    bad_amount = json.loads(good.model_dump_json())
    bad_amount["data"]["amount"] = "12.345"
    wrong_version = json.loads(good.model_dump_json())
    wrong_version["version"] = 99
    await publish(test_publisher, good, body=b"{not json", message_id="m-json")
    await publish(test_publisher, good, body=json.dumps(bad_amount).encode(), message_id=str(good.event_id))
    await publish(test_publisher, good, body=json.dumps(wrong_version).encode(), message_id="m-version")
    dead = await get_messages(amqp_url, runtime.names.dead_letter_queue(CONSUMER), expect=3)
    reasons = {m.message_id: m.headers[REASON_HEADER] for m in dead}
    assert reasons == {
        "m-json": "invalid_json",
        str(good.event_id): "invalid_payload",
        "m-version": "unknown_event_type",
    }
    detail = next(m for m in dead if m.message_id == str(good.event_id)).headers[DETAIL_HEADER]
    assert "data.amount" in detail and "2 decimal places" in detail
    assert await count_effects(runtime) == 0


async def test_consumer_killed_before_commit_gets_message_again_and_applies_it_once(
    runtimes, probe_settings, test_publisher, tmp_path: Path, amqp_url
):
    settings = probe_settings()
    marker = tmp_path / "handling"
    # Declare the topology first so the message has a queue to wait in.
    declarer = await start_probe(runtimes, settings.model_copy(update={"consumers_enabled": True}), probe_consumer())
    await runtimes.stop(declarer)
    event = payment_event()
    await publish(test_publisher, event)

    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    proc = subprocess.Popen(
        [sys.executable, str(Path(__file__).parent / "crash_consumer.py"),
         settings.model_dump_json(), str(marker)],
        env=env,
    )
    try:
        await eventually(lambda: _exists(marker), timeout=30, message="crash consumer never got the message")
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert marker.read_text() == str(event.event_id)

    runtime = await start_probe(runtimes, settings, probe_consumer())
    await eventually(lambda: count_effects(runtime, str(event.event_id)), timeout=30)
    await eventually(lambda: _is_empty(amqp_url, runtime.names.queue(CONSUMER)))
    assert await count_effects(runtime) == 1


async def _exists(path: Path) -> bool:
    return path.exists() and path.read_text() != ""


async def _is_empty(amqp_url: str, queue: str) -> bool:
    return await queue_depth(amqp_url, queue) == 0


async def test_graceful_shutdown_lets_an_in_flight_handler_finish_and_ack(
    runtimes, probe_settings, test_publisher, amqp_url
):
    settings = probe_settings()
    consumer = probe_consumer("slow")
    runtime = await start_probe(runtimes, settings, consumer)
    event = payment_event()
    await publish(test_publisher, event)
    await asyncio.wait_for(consumer.extra["started"].wait(), 10)
    await runtimes.stop(runtime)  # while the handler is still sleeping
    # Nothing consumes any more: the effect must be committed and the message acked.
    observer = await runtimes.start(ServiceRuntime(settings.model_copy(update={"relay_enabled": False}), []))
    assert await count_effects(observer, str(event.event_id)) == 1
    assert await queue_depth(amqp_url, observer.names.queue(CONSUMER)) == 0


async def test_readiness_reports_each_dependency(runtimes, probe_settings):
    runtime = await runtimes.start(ServiceRuntime(probe_settings(), [probe_consumer()]))
    assert await runtime.readiness() == {
        "database": "ok", "broker": "ok", "consumers": "ok", "outbox_relay": "ok"}
    broken = await runtimes.start(ServiceRuntime(
        probe_settings(database_url="postgresql+asyncpg://postgres@127.0.0.1:5432/no_such_db"), []))
    checks = await broken.readiness()
    assert checks["database"].startswith("unreachable")


async def test_handlers_run_concurrently_but_never_more_at_once_than_configured(
        runtimes, probe_settings, test_publisher):
    # Deliveries beyond the bound wait unacked in the service, not for a pooled connection.
    consumer = probe_consumer("overlap")
    runtime = await start_probe(runtimes, probe_settings(consumer_concurrency=3), consumer)
    events = [payment_event() for _ in range(12)]
    for event in events:
        await publish(test_publisher, event)
    await eventually(lambda: _effects_are(runtime, 12), timeout=20)
    assert consumer.extra["most_at_once"] == 3


async def test_by_default_handlers_at_once_are_bounded_by_the_database_pool(runtimes, probe_settings):
    runtime = await start_probe(runtimes, probe_settings(db_pool_size=4), probe_consumer())
    assert runtime.broker is not None
    assert runtime.consumer_runtime.max_in_flight == 4


async def _effects_are(runtime, count: int) -> bool:
    return await count_effects(runtime) == count
