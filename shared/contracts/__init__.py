"""Versioned event contracts and the registry that maps (type, version) to a class."""

from __future__ import annotations

from shared.contracts import billing, payments, recovery, refunds
from shared.contracts.envelope import Envelope, EventData, routing_key_for
from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY, InboundPaymentV1

_MODULES = (billing, payments, recovery, refunds)


def _collect() -> dict[tuple[str, int], type[EventData]]:
    found: dict[tuple[str, int], type[EventData]] = {}
    for module in _MODULES:
        for obj in vars(module).values():
            if (
                isinstance(obj, type)
                and issubclass(obj, EventData)
                and "event_type" in obj.__dict__
            ):
                key = (obj.event_type, obj.version)
                if key in found and found[key] is not obj:
                    raise RuntimeError(f"two contracts claim {key}")
                found[key] = obj
    return found


REGISTRY: dict[tuple[str, int], type[EventData]] = _collect()


def contract_for(event_type: str, version: int) -> type[EventData] | None:
    return REGISTRY.get((event_type, version))


__all__ = [
    "INBOUND_PAYMENT_ROUTING_KEY",
    "REGISTRY",
    "Envelope",
    "EventData",
    "InboundPaymentV1",
    "contract_for",
    "routing_key_for",
]
