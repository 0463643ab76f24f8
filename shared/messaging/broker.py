"""FastStream wiring: one subscriber per consumer, manual acks, raw bodies.

FastStream declares nothing here (``declare=False``): topology is declared by
``topology.declare_consumer`` with the arguments FastStream cannot express (several
bindings, dead-letter strategy, delay queues). The subscribers still name the queue
and exchange so the AsyncAPI document describes them.
"""

from __future__ import annotations

from typing import Any

from faststream import AckPolicy
from faststream.rabbit import ExchangeType, QueueType, RabbitBroker, RabbitExchange, RabbitQueue
from faststream.rabbit.annotations import RabbitMessage
from faststream.rabbit.schemas import Channel

from shared.messaging.consumer import Consumer, ConsumerRuntime
from shared.messaging.topology import Names


async def _raw_body(message: Any) -> bytes:
    # Decoding is ours (consumer.decoder): FastStream must not fail before our handler.
    return message.body


def build_broker(
    amqp_url: str,
    names: Names,
    consumers: list[Consumer],
    runtime: ConsumerRuntime,
    *,
    prefetch: int,
    graceful_timeout: float,
) -> RabbitBroker:
    broker = RabbitBroker(
        amqp_url,
        graceful_timeout=graceful_timeout,
        default_channel=Channel(prefetch_count=prefetch),
        logger=None,
    )
    exchange = RabbitExchange(names.events_exchange, type=ExchangeType.TOPIC, durable=True, declare=False)
    for consumer in consumers:
        _subscribe(broker, exchange, names, consumer, runtime)
    return broker


def _subscribe(
    broker: RabbitBroker,
    exchange: RabbitExchange,
    names: Names,
    consumer: Consumer,
    runtime: ConsumerRuntime,
) -> None:
    queue = RabbitQueue(
        names.queue(consumer.name), queue_type=QueueType.QUORUM, durable=True, declare=False
    )

    async def on_message(body: bytes, message: RabbitMessage) -> None:
        await runtime.process(consumer, message.raw_message)

    broker.subscriber(
        queue,
        exchange,
        ack_policy=AckPolicy.MANUAL,
        decoder=_raw_body,
        title=f"{consumer.name}:consume",
        description=consumer.description or f"Binds {', '.join(consumer.binding_keys)}",
    )(on_message)
