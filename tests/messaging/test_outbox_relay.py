"""The publishing side of the messaging core: outbox atomicity, outages, several relays."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from urllib.parse import urlsplit

import aio_pika
from sqlalchemy import text

from shared.db.engine import create_engine, create_session_factory
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.publisher import ConfirmingPublisher
from shared.messaging.topology import Names
from shared.outbox.relay import OutboxRelay
from shared.runtime import ServiceRuntime
from shared.testing.helpers import eventually
from shared.testing.proxy import TcpProxy

from .conftest import payment_event


async def unpublished(runtime: ServiceRuntime) -> int:
    async with runtime.session_factory() as session:
        return (await session.execute(text("SELECT count(*) FROM outbox WHERE published_at IS NULL"))).scalar_one()


async def bind_test_queue(amqp_url: str, names: Names, key: str = "payments.#") -> str:
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        queue = await channel.declare_queue(f"{names.namespace}.observer", durable=True,
                                            arguments={"x-queue-type": "quorum"})
        await queue.bind(await channel.get_exchange(names.events_exchange), routing_key=key)
    return f"{names.namespace}.observer"


async def drain(amqp_url: str, queue_name: str, expect: int, timeout: float = 30) -> list[aio_pika.IncomingMessage]:
    got: list[aio_pika.IncomingMessage] = []
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        await channel.set_qos(prefetch_count=500)
        queue = await channel.get_queue(queue_name)
        done = asyncio.Event()

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            got.append(message)
            await message.ack()
            if len(got) >= expect:
                done.set()

        tag = await queue.consume(on_message)
        try:
            await asyncio.wait_for(done.wait(), timeout)
        finally:
            await queue.cancel(tag)
            await channel.queue_delete(queue_name)
    return got


async def test_event_is_stored_only_with_the_state_change_it_belongs_to(runtimes, probe_settings):
    runtime = await runtimes.start(ServiceRuntime(probe_settings(relay_enabled=False), []))
    async with UnitOfWork(runtime.session_factory) as uow:
        await uow.session.execute(text("INSERT INTO effect (message_id, payload) VALUES ('a', 'x')"))
        uow.emit(payment_event().data)
        await uow.rollback()
    async with UnitOfWork(runtime.session_factory) as uow:
        await uow.session.execute(text("INSERT INTO effect (message_id, payload) VALUES ('b', 'x')"))
        uow.emit(payment_event().data)
        await uow.commit()
    async with runtime.session_factory() as session:
        effects = (await session.execute(text("SELECT message_id FROM effect"))).scalars().all()
    assert effects == ["b"]
    assert await unpublished(runtime) == 1


async def test_events_wait_in_outbox_while_broker_is_down_and_go_out_when_it_returns(
    runtimes, probe_settings, amqp_url
):
    target = urlsplit(amqp_url)
    proxy = TcpProxy(target.hostname or "127.0.0.1", target.port or 5672)
    await proxy.start()
    via_proxy = amqp_url.replace(f"{target.hostname}:{target.port}", f"127.0.0.1:{proxy.port}")
    try:
        runtime = await runtimes.start(ServiceRuntime(probe_settings(amqp_url=via_proxy), []))
        observer = await bind_test_queue(amqp_url, runtime.names)
        await proxy.cut()
        events = [payment_event(seq=i) for i in range(1, 21)]
        for envelope in events:
            async with UnitOfWork(runtime.session_factory, on_commit=runtime.relay.notify) as uow:
                uow.emit(envelope.data, sequence=envelope.sequence)
                await uow.commit()
        await asyncio.sleep(1.5)  # the relay keeps trying meanwhile
        assert await unpublished(runtime) == 20
        assert not runtime.relay.healthy

        await proxy.restore()
        await eventually(lambda: _none_left(runtime), timeout=30, message="outbox not relayed after recovery")
        received = await drain(amqp_url, observer, expect=20)
        assert len({m.message_id for m in received}) == 20
        assert all(m.delivery_mode == aio_pika.DeliveryMode.PERSISTENT for m in received)
    finally:
        await proxy.close()


async def test_concurrent_relays_publish_every_event_once_and_in_order_per_aggregate(
    runtimes, probe_settings, amqp_url
):
    runtime = await runtimes.start(ServiceRuntime(probe_settings(relay_enabled=False), []))
    observer = await bind_test_queue(amqp_url, runtime.names)
    accounts = [f"1000{n:03d}0" for n in range(12)]
    async with UnitOfWork(runtime.session_factory) as uow:
        for seq in range(1, 51):
            for account in accounts:
                uow.emit(payment_event(account_ref=account).data, sequence=seq)
        await uow.commit()
    total = len(accounts) * 50

    publishers = [ConfirmingPublisher(amqp_url, runtime.names, name=f"relay-{i}") for i in range(3)]
    relays = [OutboxRelay(runtime.session_factory, p, batch_size=40, partitions_per_pass=2) for p in publishers]
    try:
        tasks = [asyncio.create_task(relay.run()) for relay in relays]
        received = await drain(amqp_url, observer, expect=total)
    finally:
        for relay in relays:
            relay.stop()
        await asyncio.gather(*tasks)
        for publisher in publishers:
            await publisher.close()

    ids = [m.message_id for m in received]
    assert len(ids) == total and len(set(ids)) == total, "each event exactly once"
    sequences: dict[str, list[int]] = defaultdict(list)
    for message in received:
        body = json.loads(message.body)
        sequences[body["aggregate_key"]].append(body["sequence"])
    assert set(sequences) == set(accounts)
    for account, seen in sequences.items():
        assert seen == list(range(1, 51)), f"{account} out of order"
    assert await unpublished(runtime) == 0


async def _none_left(runtime: ServiceRuntime) -> bool:
    return await unpublished(runtime) == 0


async def test_a_commit_in_another_process_wakes_the_relay_without_waiting_for_its_poll(
    runtimes, probe_settings, amqp_url
):
    # Polling once a minute: only the commit's NOTIFY can bring the event out within seconds.
    settings = probe_settings(relay_poll_seconds=60)
    runtime = await runtimes.start(ServiceRuntime(settings, []))
    observer = await bind_test_queue(amqp_url, runtime.names)
    await asyncio.sleep(1.0)  # the relay's first, empty pass is over; it now sleeps
    other_process = create_engine(settings.database_url, pool_size=1)  # as an API process would
    try:
        async with UnitOfWork(create_session_factory(other_process)) as uow:  # no in-process notify
            uow.emit(payment_event().data)
            await uow.commit()
        received = await drain(amqp_url, observer, expect=1, timeout=10)
    finally:
        await other_process.dispose()
    assert len(received) == 1
