"""Which channel a notification takes, and how failures are retried."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from notifications.domain.catalogue import LETTER_TYPES, letter_data, letter_type_for
from notifications.domain.channels import Channel, Format, Preference, choose_route
from notifications.domain.configuration import DeliveryPolicy
from notifications.domain.exceptions import InvalidLetterRequest, NotReady
from notifications.domain.recipients import Contact, address_letter
from services.notifications.tests.samples import SAMPLES, requested
from shared.contracts.types import PaymentMethod

ARREARS = LETTER_TYPES["arrears_first_letter"]
NOTICE = LETTER_TYPES["rent_variation_notice"]


def test_no_preference_means_a_posted_letter():
    assert choose_route(ARREARS, None, "a@example.com", "07700900123").channel is Channel.LETTER


def test_email_preference_sends_email_to_the_address_held():
    route = choose_route(ARREARS, Preference(channel=Channel.EMAIL), "a@example.com", None)
    assert (route.channel, route.to, route.note) == (Channel.EMAIL, "a@example.com", None)


def test_preference_address_overrides_the_tenancy_address():
    route = choose_route(ARREARS, Preference(channel=Channel.SMS, mobile="07700900999"), None, "07700900123")
    assert (route.channel, route.to) == (Channel.SMS, "07700900999")


def test_email_preference_without_an_address_falls_back_to_post_and_says_why():
    route = choose_route(ARREARS, Preference(channel=Channel.EMAIL), None, None)
    assert route.channel is Channel.LETTER
    assert route.note == "email preferred but no email address held"


def test_statutory_notice_is_always_posted_in_the_preferred_format():
    route = choose_route(NOTICE, Preference(channel=Channel.SMS, format=Format.LARGE_PRINT), None, "07700900123")
    assert (route.channel, route.format) == (Channel.LETTER, Format.LARGE_PRINT)
    assert "must be given in writing" in route.note


def test_joint_tenants_share_one_letter_led_by_the_lead_tenant():
    contacts = [Contact("P2", "Sam Example", False, ["1 Road", "E8 1AB"]),
                Contact("P1", "Alex Example", True, ["1 Road", "E8 1AB"])]
    recipient = address_letter("10000016", contacts, ARREARS)
    assert recipient.names == ["Alex Example", "Sam Example"]
    assert recipient.salutation == "Dear Alex Example and Sam Example"
    assert address_letter("10000016", contacts, ARREARS, ["P2"]).names == ["Sam Example"]


def test_former_tenant_letter_goes_to_the_forwarding_address():
    contact = Contact("P1", "Alex Example", True, ["1 Road", "E8 1AB"], forwarding_address=["9 New St", "N1 1AA"])
    assert address_letter("10000016", [contact], LETTER_TYPES["fta_letter"]).address == ["9 New St", "N1 1AA"]
    assert address_letter("10000016", [contact], ARREARS).address == ["1 Road", "E8 1AB"]


def test_no_contacts_is_not_ready_yet():
    with pytest.raises(NotReady, match="no contact details held for account 10000016"):
        address_letter("10000016", [], ARREARS)


def test_retries_back_off_then_give_up():
    policy = DeliveryPolicy(retry_delays_seconds=[60, 300, 1800])
    assert policy.max_attempts == 4
    assert [policy.retry_delay(n) for n in range(1, 5)] == [60, 300, 1800, None]


def test_delivery_policy_refuses_nonsense():
    with pytest.raises(ValidationError):
        DeliveryPolicy(retry_delays_seconds=[])
    with pytest.raises(ValidationError):
        DeliveryPolicy(retry_delays_seconds=[-1])
    with pytest.raises(ValidationError):
        DeliveryPolicy(letter_route="pigeon")


def test_each_event_asks_for_its_letter():
    assert {s.letter_type: letter_type_for(s.full).name for s in SAMPLES} == {s.letter_type: s.letter_type
                                                                             for s in SAMPLES}


def test_benefit_recoveries_and_tenancy_end_cancellations_need_no_letter():
    returned = next(s.full for s in SAMPLES if s.letter_type == "payment_returned_notice")
    assert letter_type_for(returned.model_copy(update={"method": PaymentMethod.HOUSING_BENEFIT})) is None
    cancelled = next(s.full for s in SAMPLES if s.letter_type == "dd_cancellation_notice")
    assert letter_type_for(cancelled.model_copy(update={"reason_code": "TENANCY-ENDED"})) is None


def test_unknown_letter_type_is_refused_with_its_reason():
    with pytest.raises(InvalidLetterRequest, match="unknown letter type 'love_letter'") as caught:
        letter_type_for(requested("love_letter", {}))
    assert caught.value.reason == "unknown_letter_type"
    with pytest.raises(InvalidLetterRequest):
        letter_type_for(requested("rent_variation_notice", {}))  # asked for by RentVaried, not by recovery


def test_letter_data_missing_fields_are_named():
    event = requested("nosp_cover_letter", {"balance": "10.00", "as_at": "2026-11-23", "served_on": "nope"})
    with pytest.raises(InvalidLetterRequest) as caught:
        letter_data(LETTER_TYPES["nosp_cover_letter"], event)
    assert caught.value.reason == "invalid_letter_data"
    for field in ("weekly_charge", "served_on", "proceedings_from", "expires_on"):
        assert field in str(caught.value)
