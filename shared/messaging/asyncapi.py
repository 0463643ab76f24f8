"""AsyncAPI 3.0 documents generated from the contracts and consumer registrations.

A service's document lists what it publishes (every contract whose producer it is)
and what it receives (its consumers' queues and the messages bound to them), with
each payload's JSON Schema taken from the pydantic contract.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from shared.contracts import REGISTRY, Envelope, InboundPaymentV1
from shared.messaging.consumer import Consumer
from shared.messaging.topology import Names

INBOUND_MODELS: dict[str, type[BaseModel]] = {InboundPaymentV1.routing_key: InboundPaymentV1}


def _message_name(routing_key: str) -> str:
    return routing_key.replace(".", "_")


def _schema(routing_key: str) -> tuple[str, dict[str, Any], str]:
    if routing_key in INBOUND_MODELS:
        model = INBOUND_MODELS[routing_key]
        return model.__name__, model.model_json_schema(), (model.__doc__ or "").strip()
    for contract in REGISTRY.values():
        if contract.routing_key() == routing_key:
            envelope = Envelope[contract]  # type: ignore[valid-type]
            return contract.__name__, envelope.model_json_schema(), contract.summary
    raise KeyError(routing_key)


def build_asyncapi(service: str, names: Names, consumers: list[Consumer], description: str = "") -> dict[str, Any]:
    channels: dict[str, Any] = {}
    operations: dict[str, Any] = {}
    messages: dict[str, Any] = {}

    def add_channel(routing_key: str) -> str:
        title, schema, summary = _schema(routing_key)
        key = _message_name(routing_key)
        messages[key] = {
            "name": title, "title": title, "summary": summary, "contentType": "application/json",
            "payload": schema,
            "bindings": {"amqp": {"messageType": title, "deliveryMode": 2}},
        }
        channels.setdefault(key, {
            "address": routing_key,
            "messages": {key: {"$ref": f"#/components/messages/{key}"}},
            "bindings": {"amqp": {"is": "routingKey", "exchange": {
                "name": names.events_exchange, "type": "topic", "durable": True}}},
        })
        return key

    for contract in REGISTRY.values():
        if contract.producer == service:
            key = add_channel(contract.routing_key())
            operations[f"publish_{key}"] = {
                "action": "send", "channel": {"$ref": f"#/channels/{key}"},
                "summary": contract.summary, "description": "Published through the transactional outbox: "
                "persistent, message_id = event_id, at least once; consumers deduplicate by message_id.",
            }
    for consumer in consumers:
        for routing_key in consumer.binding_keys:
            key = add_channel(routing_key)
            operations[f"{consumer.name}_receive_{key}"] = {
                "action": "receive", "channel": {"$ref": f"#/channels/{key}"},
                "summary": consumer.description,
                "bindings": {"amqp": {"queue": names.queue(consumer.name),
                                      "deadLetterQueue": names.dead_letter_queue(consumer.name)}},
            }
    return {
        "asyncapi": "3.0.0",
        "info": {"title": f"{service} events", "version": "1.0.0", "description": description},
        "defaultContentType": "application/json",
        "channels": channels,
        "operations": operations,
        "components": {"messages": messages},
    }
