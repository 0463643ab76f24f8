"""GOV.UK Notify through its official client (notifications-python-client): letters
as precompiled PDFs, emails and texts through the landlord's Notify templates."""

from __future__ import annotations

import asyncio
import io
from typing import Any

from notifications_python_client.errors import APIError
from notifications_python_client.notifications import NotificationsAPIClient
from notifications_python_client.utils import prepare_upload

from notifications.adapters.gateways import Accepted, Outgoing
from notifications.domain.channels import Channel
from notifications.domain.configuration import NotifyTemplates
from notifications.domain.exceptions import PermanentDeliveryFailure, TransientDeliveryFailure

# Notify answers 400 for a request it will never accept (invalid number or address,
# missing personalisation); everything else (403 key, 429 rate limit, 5xx) may pass later.
PERMANENT_STATUSES = {400}


class NotifyGateway:
    def __init__(self, client: NotificationsAPIClient) -> None:
        self.client = client

    @classmethod
    def from_key(cls, api_key: str, base_url: str, timeout: float) -> NotifyGateway:
        return cls(NotificationsAPIClient(api_key, base_url=base_url, timeout=timeout))

    async def send(self, message: Outgoing, templates: NotifyTemplates) -> Accepted:
        answer = await self._call(self._send_now, message, templates)
        return Accepted(provider_ref=answer["id"])

    async def find(self, reference: str) -> Accepted | None:
        answer = await self._call(self.client.get_all_notifications, reference=reference)
        found = answer.get("notifications") or []
        return Accepted(provider_ref=found[0]["id"]) if found else None

    def _send_now(self, message: Outgoing, templates: NotifyTemplates) -> dict[str, Any]:
        if message.channel is Channel.LETTER:
            return self.client.send_precompiled_letter_notification(
                reference=message.reference, pdf_file=io.BytesIO(message.pdf), postage=message.postage
            )
        if message.channel is Channel.EMAIL:
            if templates.email_template_id is None:
                raise TransientDeliveryFailure(
                    "no GOV.UK Notify email template configured (PUT /config/notify_templates)")
            personalisation: dict[str, Any] = {"subject": message.subject, "body": message.body}
            if templates.attach_letter_to_email:
                personalisation["link_to_file"] = prepare_upload(
                    io.BytesIO(message.pdf), filename=message.filename, confirm_email_before_download=True
                )
            return self.client.send_email_notification(
                email_address=message.to, template_id=str(templates.email_template_id),
                personalisation=personalisation, reference=message.reference,
                email_reply_to_id=str(templates.email_reply_to_id) if templates.email_reply_to_id else None,
            )
        if templates.sms_template_id is None:
            raise TransientDeliveryFailure("no GOV.UK Notify SMS template configured (PUT /config/notify_templates)")
        return self.client.send_sms_notification(
            phone_number=message.to, template_id=str(templates.sms_template_id),
            personalisation={"body": message.body}, reference=message.reference,
            sms_sender_id=str(templates.sms_sender_id) if templates.sms_sender_id else None,
        )

    @staticmethod
    async def _call(fn: Any, *args: Any, **kwargs: Any) -> Any:
        # The client is synchronous (requests): keep it off the event loop.
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except APIError as exc:
            detail = f"GOV.UK Notify answered {exc.status_code}: {exc.message}"
            if exc.status_code in PERMANENT_STATUSES:
                raise PermanentDeliveryFailure(detail) from None
            raise TransientDeliveryFailure(detail) from None
