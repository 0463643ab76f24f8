"""Proofing a letter before it goes live: render a template version from an event
payload given by hand, addressed to the account's tenants (or a placeholder)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import ValidationError

from notifications.adapters import repository as repo
from notifications.adapters.templates import TemplateMissing
from notifications.domain.catalogue import LETTER_TYPES, letter_data, letter_type_for
from notifications.domain.configuration import Landlord, TemplatePins
from notifications.domain.exceptions import InvalidLetterRequest, NotFound, NotificationsError, NotReady
from notifications.domain.recipients import Contact, Recipient, address_letter
from notifications.service_layer.rendering import RenderedLetter, render_letter
from shared.db.unit_of_work import UnitOfWork

PLACEHOLDER = Contact(person_id="preview", name="Tenant Name", is_lead=True,
                      address=["1 Example Street", "Example Town", "EX1 1AA"])


async def preview(letter_type: str, payload: dict[str, Any], large_print: bool, version: int | None,
                  uow: UnitOfWork) -> RenderedLetter:
    letter = LETTER_TYPES.get(letter_type)
    if letter is None:
        raise NotFound(f"unknown letter type {letter_type!r}")
    try:
        event = letter.source.model_validate(payload)
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
        raise NotificationsError(f"the event is not a valid {letter.source.event_type}: {problems}") from None
    try:
        if letter_type_for(event) is not letter:
            raise NotificationsError(f"this {letter.source.event_type} would not ask for {letter_type}")
        letter_data(letter, event)
    except InvalidLetterRequest as exc:
        raise NotificationsError(str(exc)) from None
    landlord = await repo.setting(uow.session, "landlord")
    if not isinstance(landlord, Landlord):
        raise NotificationsError("the landlord's details are not configured (PUT /config/landlord)")
    account_ref = str(getattr(event, "account_ref", ""))
    try:
        recipient = address_letter(account_ref, await repo.contacts(uow.session, account_ref), letter)
    except NotReady:
        recipient = Recipient(names=[PLACEHOLDER.name], address=PLACEHOLDER.address, lead=PLACEHOLDER)
    pins = await repo.setting_or_default(uow.session, "template_pins", TemplatePins)
    try:
        return await asyncio.to_thread(
            render_letter, letter, event, recipient=recipient, landlord=landlord, account_ref=account_ref,
            letter_date=datetime.now(UTC).astimezone(ZoneInfo("Europe/London")).date(), large_print=large_print,
            version=version or pins.versions.get(letter_type),
        )
    except TemplateMissing as exc:
        raise NotificationsError(str(exc)) from None
