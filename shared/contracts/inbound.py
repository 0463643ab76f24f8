"""Messages upstream systems publish to us (cash receipting, card, bank, HB, UC).

These are not platform events: upstream systems send a plain JSON object, not our
envelope. The AMQP ``message_id`` must be set and stable per payment; it is the
idempotency key (a replay with the same id is applied once).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from shared.contracts.types import ExternalId, PaymentMethod
from shared.money import Money

INBOUND_PAYMENT_ROUTING_KEY = "upstream.payment.v1"


class InboundPaymentV1(BaseModel):
    """A real-time payment from an upstream system."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    routing_key: ClassVar[str] = INBOUND_PAYMENT_ROUTING_KEY

    source_system: Annotated[str, StringConstraints(min_length=1, max_length=40)]
    transaction_id: ExternalId
    payment_reference: Annotated[
        str, StringConstraints(strip_whitespace=True, min_length=1, max_length=35)
    ]
    amount: Money = Field(description="Positive amount received")
    paid_on: date
    method: PaymentMethod
    channel: Annotated[str, StringConstraints(min_length=1, max_length=40)]
