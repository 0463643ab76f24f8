"""Consumed events: requests for notifications (recorded once in the delivery log for the
worker to render and send) and the tenancies whose contacts letters are addressed to."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert

from notifications.adapters.orm import account_table, contact_table, notification_table
from notifications.domain.catalogue import letter_data, letter_type_for
from notifications.domain.exceptions import InvalidLetterRequest
from shared.contracts.billing import AccountOpenedV1, TenancyStartedV1, TenancyTerminatedV1
from shared.contracts.envelope import Envelope
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import PermanentFailure


async def request_notification(envelope: Envelope[Any], uow: UnitOfWork) -> None:
    """One row per (event, letter type): a redelivered event finds its row already there."""
    data = envelope.data
    try:
        letter = letter_type_for(data)
        if letter is None:
            return
        letter_data(letter, data)  # refuse data the letter's template could not be filled from
    except InvalidLetterRequest as exc:
        raise PermanentFailure(str(exc), reason=exc.reason) from None
    await uow.session.execute(
        insert(notification_table)
        .values(
            notification_id=uuid.uuid4(),
            event_id=envelope.event_id,
            event_type=envelope.event_type,
            event_version=envelope.version,
            letter_type=letter.name,
            account_ref=data.account_ref,
            channel="letter",
            status="requested",
            data=data.model_dump(mode="json"),
        )
        .on_conflict_do_nothing(constraint="uq_notification_event_letter")
    )


async def account_opened(event: AccountOpenedV1, uow: UnitOfWork) -> None:
    stmt = insert(account_table).values(account_ref=event.account_ref, account_type=event.account_type.value,
                                        patch=event.patch)
    await uow.session.execute(stmt.on_conflict_do_update(
        index_elements=[account_table.c.account_ref],
        set_={"account_type": stmt.excluded.account_type, "patch": stmt.excluded.patch},
    ))


async def tenancy_started(event: TenancyStartedV1, uow: UnitOfWork) -> None:
    rows = [
        {"account_ref": event.account_ref, "person_id": t.person_id, "tenancy_ref": event.tenancy_ref,
         "name": t.name, "is_lead": t.is_lead, "email": t.email, "mobile": t.mobile, "address": event.address}
        for t in event.tenants
    ]
    stmt = insert(contact_table)
    await uow.session.execute(
        stmt.on_conflict_do_update(
            index_elements=[contact_table.c.account_ref, contact_table.c.person_id],
            set_={k: stmt.excluded[k] for k in ("tenancy_ref", "name", "is_lead", "email", "mobile", "address")},
        ),
        rows,
    )


async def tenancy_terminated(event: TenancyTerminatedV1, uow: UnitOfWork) -> None:
    result = await uow.session.execute(
        update(contact_table)
        .where(contact_table.c.account_ref == event.account_ref)
        .values(tenancy_status="former", forwarding_address=event.forwarding_address)
    )
    if result.rowcount == 0:
        # TenancyStarted has not arrived yet (competing consumers): retried with backoff.
        raise LookupError(f"no contacts yet for account {event.account_ref}")
