"""Names and declarations of exchanges and queues.

Every consumer gets one durable quorum queue bound to the topic exchange, a dead-letter
queue, and one delay queue per retry step (a failed message waits there, then returns
to its queue). The broker's own ``x-delivery-limit`` catches consumers that die
mid-message; our consumer runtime catches handler failures and records the reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import aio_pika
from aio_pika.abc import AbstractChannel, ExchangeType

RETRY_HEADER = "x-retry-count"


@dataclass(frozen=True)
class Names:
    namespace: str

    @property
    def events_exchange(self) -> str:
        return f"{self.namespace}.events"

    @property
    def dead_letter_exchange(self) -> str:
        return f"{self.namespace}.dlx"

    @property
    def unrouted_exchange(self) -> str:
        return f"{self.namespace}.unrouted"

    @property
    def unrouted_queue(self) -> str:
        return f"{self.namespace}.unrouted"

    def queue(self, consumer: str) -> str:
        return f"{self.namespace}.{consumer}"

    def dead_letter_queue(self, consumer: str) -> str:
        return f"{self.queue(consumer)}.dlq"

    def retry_queue(self, consumer: str, delay_ms: int) -> str:
        return f"{self.queue(consumer)}.retry.{delay_ms}ms"


def consumer_queue_arguments(names: Names, consumer: str, delivery_limit: int) -> dict:
    return {
        "x-queue-type": "quorum",
        "x-delivery-limit": delivery_limit,
        "x-dead-letter-exchange": names.dead_letter_exchange,
        "x-dead-letter-routing-key": names.queue(consumer),
        "x-dead-letter-strategy": "at-least-once",
        "x-overflow": "reject-publish",
    }


async def declare_exchanges(channel: AbstractChannel, names: Names) -> None:
    # Unroutable events (no consumer bound yet) are kept, not dropped.
    unrouted = await channel.declare_exchange(
        names.unrouted_exchange, ExchangeType.FANOUT, durable=True
    )
    unrouted_q = await channel.declare_queue(
        names.unrouted_queue, durable=True, arguments={"x-queue-type": "quorum"}
    )
    await unrouted_q.bind(unrouted)
    await channel.declare_exchange(
        names.events_exchange,
        ExchangeType.TOPIC,
        durable=True,
        arguments={"alternate-exchange": names.unrouted_exchange},
    )
    await channel.declare_exchange(names.dead_letter_exchange, ExchangeType.DIRECT, durable=True)


async def declare_consumer(
    channel: AbstractChannel,
    names: Names,
    consumer: str,
    binding_keys: list[str],
    retry_delays_ms: list[int],
    delivery_limit: int,
) -> None:
    queue_name = names.queue(consumer)
    queue = await channel.declare_queue(
        queue_name, durable=True, arguments=consumer_queue_arguments(names, consumer, delivery_limit)
    )
    events = await channel.get_exchange(names.events_exchange)
    for key in binding_keys:
        await queue.bind(events, routing_key=key)
    dlq = await channel.declare_queue(
        names.dead_letter_queue(consumer), durable=True, arguments={"x-queue-type": "quorum"}
    )
    await dlq.bind(await channel.get_exchange(names.dead_letter_exchange), routing_key=queue_name)
    for delay in retry_delays_ms:
        await channel.declare_queue(
            names.retry_queue(consumer, delay),
            durable=True,
            arguments={
                "x-queue-type": "quorum",
                "x-message-ttl": delay,
                "x-dead-letter-exchange": "",
                "x-dead-letter-routing-key": queue_name,
                "x-dead-letter-strategy": "at-least-once",
                "x-overflow": "reject-publish",
            },
        )


async def delete_namespace(url: str, names: Names, consumers: list[str], retry_delays_ms: list[int]) -> None:
    """Remove what a namespace declared (test runs clean up after themselves)."""
    connection = await aio_pika.connect(url)
    async with connection:
        channel = await connection.channel()
        for consumer in consumers:
            for name in [
                names.queue(consumer),
                names.dead_letter_queue(consumer),
                *[names.retry_queue(consumer, d) for d in retry_delays_ms],
            ]:
                await channel.queue_delete(name)
        await channel.queue_delete(names.unrouted_queue)
        for exchange in (names.events_exchange, names.dead_letter_exchange, names.unrouted_exchange):
            await channel.exchange_delete(exchange)
