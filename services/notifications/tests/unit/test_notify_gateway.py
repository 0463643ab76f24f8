"""GOV.UK Notify through its real client, with HTTP answered at the transport
(a requests adapter mounted on the client's session): what would be sent is checked."""

from __future__ import annotations

import base64
import json
import uuid

import jwt
import pytest
import requests
from requests.adapters import BaseAdapter

from notifications.adapters.gateways import Outgoing
from notifications.adapters.notify import NotifyGateway
from notifications.domain.channels import Channel
from notifications.domain.configuration import NotifyTemplates
from notifications.domain.exceptions import PermanentDeliveryFailure, TransientDeliveryFailure

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
API_KEY = f"rent_platform_test-{SERVICE_ID}-{SECRET}"
BASE = "https://notify.test"
PDF = b"%PDF-1.7 a letter"
REFERENCE = str(uuid.UUID(int=7))
TEMPLATES = NotifyTemplates(email_template_id=uuid.UUID(int=11), sms_template_id=uuid.UUID(int=12),
                            sms_sender_id=uuid.UUID(int=13))


class ScriptedTransport(BaseAdapter):
    """Answers each request with the next scripted (status, body) and keeps the request."""

    def __init__(self, *answers: tuple[int, dict]) -> None:
        super().__init__()
        self.answers = list(answers)
        self.requests: list[requests.PreparedRequest] = []

    def send(self, request, **kwargs):
        self.requests.append(request)
        status, body = self.answers.pop(0)
        response = requests.Response()
        response.status_code = status
        response._content = json.dumps(body).encode()
        response.headers["Content-Type"] = "application/json"
        response.url = request.url
        response.request = request
        return response

    def close(self):
        pass

    @property
    def sent(self) -> dict:
        return json.loads(self.requests[-1].body)


def gateway_with(*answers) -> tuple[NotifyGateway, ScriptedTransport]:
    gateway = NotifyGateway.from_key(API_KEY, BASE, timeout=5)
    transport = ScriptedTransport(*answers)
    gateway.client.request_session.mount(BASE, transport)
    return gateway, transport


def outgoing(channel: Channel, to: str | None = None) -> Outgoing:
    return Outgoing(reference=REFERENCE, channel=channel, letter_type="arrears_first_letter", to=to,
                    subject="Your rent account is in arrears", body="You owe £412.30.", pdf=PDF, postage="second")


async def test_letter_goes_as_a_precompiled_pdf_with_our_reference():
    gateway, transport = gateway_with((201, {"id": "740e5834-3a29-46b4-9a6f-16142fde533a", "reference": REFERENCE}))
    accepted = await gateway.send(outgoing(Channel.LETTER), TEMPLATES)
    assert accepted.provider_ref == "740e5834-3a29-46b4-9a6f-16142fde533a"
    request = transport.requests[0]
    assert (request.method, request.url) == ("POST", f"{BASE}/v2/notifications/letter")
    body = transport.sent
    assert body["reference"] == REFERENCE
    assert body["postage"] == "second"
    assert base64.b64decode(body["content"]) == PDF


async def test_requests_are_signed_with_the_api_keys_secret():
    gateway, transport = gateway_with((201, {"id": "x"}))
    await gateway.send(outgoing(Channel.LETTER), TEMPLATES)
    scheme, token = transport.requests[0].headers["Authorization"].split()
    assert scheme == "Bearer"
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["iss"] == SERVICE_ID


async def test_email_carries_subject_body_and_the_letter_as_a_file():
    gateway, transport = gateway_with((201, {"id": "e1"}))
    await gateway.send(outgoing(Channel.EMAIL, "alex@example.com"), TEMPLATES)
    assert transport.requests[0].url == f"{BASE}/v2/notifications/email"
    body = transport.sent
    assert body["email_address"] == "alex@example.com"
    assert body["template_id"] == str(uuid.UUID(int=11))
    assert body["reference"] == REFERENCE
    personalisation = body["personalisation"]
    assert personalisation["subject"] == "Your rent account is in arrears"
    assert personalisation["body"] == "You owe £412.30."
    assert base64.b64decode(personalisation["link_to_file"]["file"]) == PDF
    assert personalisation["link_to_file"]["filename"] == f"arrears_first_letter-{REFERENCE}.pdf"
    assert personalisation["link_to_file"]["confirm_email_before_download"] is True


async def test_sms_uses_the_sms_template_and_sender():
    gateway, transport = gateway_with((201, {"id": "s1"}))
    await gateway.send(outgoing(Channel.SMS, "07700900123"), TEMPLATES)
    body = transport.sent
    assert transport.requests[0].url == f"{BASE}/v2/notifications/sms"
    assert body == {"phone_number": "07700900123", "template_id": str(uuid.UUID(int=12)),
                    "personalisation": {"body": "You owe £412.30."}, "reference": REFERENCE,
                    "sms_sender_id": str(uuid.UUID(int=13))}


async def test_a_request_notify_will_never_accept_fails_for_good():
    gateway, _ = gateway_with((400, {"status_code": 400, "errors": [
        {"error": "ValidationError", "message": "phone_number Not a UK mobile number"}]}))
    with pytest.raises(PermanentDeliveryFailure, match="Not a UK mobile number"):
        await gateway.send(outgoing(Channel.SMS, "0123"), TEMPLATES)


@pytest.mark.parametrize("status", [429, 500, 503, 403])
async def test_rate_limits_outages_and_key_problems_are_retried(status):
    gateway, _ = gateway_with((status, {"status_code": status, "errors": [{"error": "X", "message": "later"}]}))
    with pytest.raises(TransientDeliveryFailure, match=f"answered {status}"):
        await gateway.send(outgoing(Channel.LETTER), TEMPLATES)


async def test_email_without_a_configured_template_waits_for_configuration():
    gateway, transport = gateway_with()
    with pytest.raises(TransientDeliveryFailure, match=r"no GOV\.UK Notify email template configured"):
        await gateway.send(outgoing(Channel.EMAIL, "a@example.com"), NotifyTemplates())
    assert transport.requests == []


async def test_find_asks_notify_for_our_reference():
    gateway, transport = gateway_with((200, {"notifications": [{"id": "n-9", "reference": REFERENCE}], "links": {}}),
                                      (200, {"notifications": [], "links": {}}))
    assert (await gateway.find(REFERENCE)).provider_ref == "n-9"
    assert transport.requests[0].url == f"{BASE}/v2/notifications?reference={REFERENCE}"
    assert await gateway.find(REFERENCE) is None
