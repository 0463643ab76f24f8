"""The reactions maps: consumers are what the map says, one per queue, handlers in order; and
a domain event announced in a unit of work runs the handlers wired for it there."""

from __future__ import annotations

import pytest

from shared.contracts.billing import AccountOpenedV1, TenancyStartedV1
from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY, InboundPaymentV1
from shared.db.unit_of_work import NoReactionsWired, UnitOfWork
from shared.messaging.consumer import Incoming, event_key
from shared.messaging.reactions import Queue, consumers_from

LEDGER = Queue("svc.ledger", "Projects the ledger.")
CONTACTS = Queue("svc.contacts", "Keeps contacts.")
INBOUND = Queue("svc.inbound", "Upstream payments.", upstream=True)


def recorder(calls: list[str], name: str):
    async def handle(msg: Incoming, uow) -> None:
        calls.append(name)

    handle.__name__ = name
    return handle


def test_each_queue_becomes_one_consumer_bound_to_the_events_it_reacts_to():
    calls: list[str] = []
    consumers = consumers_from({
        AccountOpenedV1: [(LEDGER, recorder(calls, "a")), (CONTACTS, recorder(calls, "b"))],
        TenancyStartedV1: [(CONTACTS, recorder(calls, "c"))],
    })
    assert [(c.name, c.description) for c in consumers] == [
        ("svc.ledger", "Projects the ledger."), ("svc.contacts", "Keeps contacts.")]
    ledger, contacts = consumers
    assert ledger.binding_keys == [AccountOpenedV1.routing_key()]
    assert contacts.binding_keys == [AccountOpenedV1.routing_key(), TenancyStartedV1.routing_key()]
    assert set(contacts.handlers) == {event_key(AccountOpenedV1), event_key(TenancyStartedV1)}


async def test_handlers_of_one_event_on_one_queue_run_in_the_listed_order():
    calls: list[str] = []
    [consumer] = consumers_from({
        AccountOpenedV1: [(LEDGER, recorder(calls, "first")), (LEDGER, recorder(calls, "second"))],
    })
    handler = consumer.handlers[event_key(AccountOpenedV1)]
    await handler(Incoming(key=event_key(AccountOpenedV1), message_id="m", data=None), None)
    assert calls == ["first", "second"]
    assert handler.__name__ == "first+second"


def test_an_upstream_queue_is_bound_and_decoded_by_routing_key():
    calls: list[str] = []
    [consumer] = consumers_from({InboundPaymentV1: [(INBOUND, recorder(calls, "receive"))]})
    assert consumer.binding_keys == [INBOUND_PAYMENT_ROUTING_KEY]
    assert list(consumer.handlers) == [INBOUND_PAYMENT_ROUTING_KEY]


def test_an_event_listed_without_a_handler_is_refused():
    with pytest.raises(ValueError, match="AccountOpenedV1 is in the reactions map with no handler"):
        consumers_from({AccountOpenedV1: []})


def test_two_queues_of_one_name_are_refused():
    calls: list[str] = []
    with pytest.raises(ValueError, match="two queues share a name"):
        consumers_from({
            AccountOpenedV1: [(LEDGER, recorder(calls, "a"))],
            TenancyStartedV1: [(Queue("svc.ledger", "another description"), recorder(calls, "b"))],
        })


# --- reactions inside one service, in one unit of work ------------------------------------
class _Ended:
    pass


class _Session:
    async def rollback(self) -> None: ...

    async def close(self) -> None: ...


async def test_an_announced_domain_event_runs_its_handlers_in_order_in_the_same_unit_of_work():
    seen: list[tuple[str, object]] = []

    async def end_cover(event, uow):
        seen.append(("cover", uow))

    async def start_void(event, uow):
        seen.append(("void", uow))

    async with UnitOfWork(_Session, reactions={_Ended: [end_cover, start_void]}) as uow:
        await uow.announce(_Ended())
        await uow.announce(object())  # no one reacts: nothing runs
    assert seen == [("cover", uow), ("void", uow)]


async def test_a_domain_event_announced_without_reactions_wired_fails_loudly():
    async with UnitOfWork(_Session) as uow:
        with pytest.raises(NoReactionsWired, match="_Ended announced in a unit of work without reactions"):
            await uow.announce(_Ended())
