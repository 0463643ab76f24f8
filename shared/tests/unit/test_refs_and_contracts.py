import uuid
from datetime import date

import pytest
from pydantic import ValidationError

from shared.contracts import REGISTRY, Envelope, InboundPaymentV1, contract_for
from shared.contracts.payments import PaymentReceivedV1
from shared.money import Money
from shared.refs import is_valid_account_ref, make_account_ref


def test_account_refs_carry_a_luhn_check_digit():
    ref = make_account_ref(1000001)
    assert ref == "10000016"
    assert is_valid_account_ref(ref)
    assert is_valid_account_ref("1000 0016")
    assert not is_valid_account_ref("10000017")  # one digit mistyped
    assert not is_valid_account_ref("01000016")  # two digits swapped
    assert not is_valid_account_ref("ABC")


def test_every_spec_event_has_a_versioned_contract():
    expected = {
        "AccountOpened", "TenancyStarted", "TenancyTerminated", "ChargesDebited", "AccountPosted",
        "RentVaried", "ServiceChargeInvoiced", "PaymentReceived", "PaymentReversed", "PaymentSuspended",
        "DirectDebitNoticeDue", "MandateCancelled", "RecoveryActionRecommended", "RecoveryActionTaken",
        "LetterRequested", "ArrangementCreated", "ArrangementBreached", "WriteOffApproved",
        "CourtCaseUpdated", "RefundApproved", "RefundIssued", "RefundRejected", "CreditTransferRequested",
    }
    registered = {event_type for event_type, _ in REGISTRY}
    assert expected <= registered, f"missing: {expected - registered}"
    for (event_type, version), contract in REGISTRY.items():
        assert contract.routing_key() == f"{contract.producer}.{event_type}.v{version}"
        assert contract.summary, f"{event_type} needs a summary for the AsyncAPI document"


def test_envelope_round_trips_and_ignores_unknown_fields():
    data = PaymentReceivedV1(
        payment_id=uuid.uuid4(), account_ref="10000017", amount=Money("12.50"), method="cash",
        channel="paypoint", received_on=date(2026, 11, 20), external_id="X1", source="message:1",
    )
    envelope = Envelope.wrap(data, sequence=3)
    assert envelope.routing_key == "payments.PaymentReceived.v1"
    assert envelope.aggregate_key == "10000017"
    raw = envelope.model_dump(mode="json")
    raw["a_field_from_the_future"] = 1
    raw["data"]["another"] = 2
    parsed = Envelope[contract_for("PaymentReceived", 1)].model_validate(raw)
    assert parsed.data == data
    assert parsed.sequence == 3


def test_events_caused_by_an_event_share_its_correlation():
    data = PaymentReceivedV1(
        payment_id=uuid.uuid4(), account_ref="10000017", amount=Money("1.00"), method="cash",
        channel="c", received_on=date(2026, 1, 1), external_id="X", source="s",
    )
    first = Envelope.wrap(data)
    second = Envelope.wrap(data, **first.caused())
    assert second.correlation_id == first.event_id
    assert second.causation_id == first.event_id


def test_inbound_payment_contract_is_strict():
    good = {"source_system": "allpay", "transaction_id": "T1", "payment_reference": "10000017",
            "amount": "10.00", "paid_on": "2026-11-20", "method": "cash", "channel": "paypoint"}
    assert InboundPaymentV1.model_validate(good).amount == Money("10.00")
    for bad in ({**good, "amount": "10.001"}, {**good, "paid_on": "20/11/2026"}, {**good, "extra": 1},
                {**good, "method": "bitcoin"}):
        with pytest.raises(ValidationError):
            InboundPaymentV1.model_validate(bad)
