"""A service's reactions map: which handlers react to which event, and on which queue.

cosmicpython's ``EVENT_HANDLERS`` with RabbitMQ's queues added: each service's
``bootstrap.py`` holds one map, ``{event: [(queue, handler), ...]}``, and its consumers
are built from it, so "who reacts to X?" has one answer per service. Handlers of one
event on one queue run in the listed order in that delivery's transaction, so they
commit (or retry) together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from pydantic import BaseModel

from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import Consumer, Handler, Incoming


@dataclass(frozen=True)
class Queue:
    """One consumer's durable queue. ``upstream`` queues take plain JSON from systems
    outside the platform, chosen by routing key; the others take our versioned events."""

    name: str
    description: str
    upstream: bool = False


Reaction = tuple[Queue, Handler]
Reactions = Mapping[type[BaseModel], Sequence[Reaction]]


def in_order(handlers: Sequence[Handler]) -> Handler:
    """One handler running several in order, in the same unit of work."""
    if len(handlers) == 1:
        return handlers[0]

    async def handle(msg: Incoming, uow: UnitOfWork) -> None:
        for handler in handlers:
            await handler(msg, uow)

    handle.__name__ = "+".join(getattr(h, "__name__", "handle") for h in handlers)
    return handle


def consumers_from(reactions: Reactions) -> list[Consumer]:
    """The consumers the map declares, one per queue, in the order queues first appear."""
    by_queue: dict[Queue, dict[type[BaseModel], list[Handler]]] = {}
    for event, listed in reactions.items():
        if not listed:
            raise ValueError(f"{event.__name__} is in the reactions map with no handler")
        for queue, handler in listed:
            by_queue.setdefault(queue, {}).setdefault(event, []).append(handler)
    names = [queue.name for queue in by_queue]
    if len(names) != len(set(names)):
        raise ValueError(f"two queues share a name: {sorted(names)}")
    build = {False: Consumer.for_events, True: Consumer.for_models}
    return [
        build[queue.upstream](queue.name, {event: in_order(hs) for event, hs in events.items()},  # type: ignore[arg-type]
                              description=queue.description)
        for queue, events in by_queue.items()
    ]
