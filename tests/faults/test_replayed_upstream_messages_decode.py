"""A retried or replayed upstream message reaches its queue under the queue's own name (the
retry queue and the replay route dead-letter/publish it there): it must still be decoded by
the routing key it was first published with, kept in x-original-routing-key."""

import json
from types import SimpleNamespace

import pytest

from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY, InboundPaymentV1
from shared.messaging.consumer import PoisonMessage, model_decoder

BODY = {"source_system": "allpay", "transaction_id": "AP-1", "payment_reference": "10000016", "amount": "112.48",
        "paid_on": "2026-11-20", "method": "cash", "channel": "paypoint"}


def raw(routing_key: str, headers: dict | None = None) -> SimpleNamespace:
    return SimpleNamespace(body=json.dumps(BODY).encode(), routing_key=routing_key, headers=headers or {},
                           message_id="allpay-AP-1", content_type="application/json", content_encoding=None)


decode = model_decoder({INBOUND_PAYMENT_ROUTING_KEY: InboundPaymentV1})


@pytest.mark.parametrize("original", [INBOUND_PAYMENT_ROUTING_KEY, INBOUND_PAYMENT_ROUTING_KEY.encode()])
def test_a_retried_upstream_payment_is_decoded_by_its_original_routing_key(original):
    incoming = decode(raw("rent.payments.inbound", {"x-original-routing-key": original, "x-retry-count": 1}))
    assert incoming.key == INBOUND_PAYMENT_ROUTING_KEY
    assert incoming.data.transaction_id == "AP-1"


def test_a_first_delivery_is_decoded_by_its_routing_key_and_an_unknown_key_is_still_poison():
    assert decode(raw(INBOUND_PAYMENT_ROUTING_KEY)).key == INBOUND_PAYMENT_ROUTING_KEY
    with pytest.raises(PoisonMessage, match=r"no contract for routing key 'rent\.payments\.inbound'"):
        decode(raw("rent.payments.inbound"))
