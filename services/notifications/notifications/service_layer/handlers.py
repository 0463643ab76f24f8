"""Recording notification requests in the delivery log (rendering and delivery
channels build on these rows)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy.dialects.postgresql import insert

from notifications.adapters.orm import notification_table
from shared.contracts.envelope import Envelope
from shared.db.unit_of_work import UnitOfWork

# Which letter each communicating event asks for (recovery names its own letter type).
LETTER_FOR_EVENT = {
    "RentVaried": "rent_variation_notice",
    "DirectDebitNoticeDue": "dd_advance_notice",
    "ArrangementCreated": "arrangement_confirmation",
    "ArrangementBreached": "arrangement_breach",
    "RefundIssued": "refund_confirmation",
    "ServiceChargeInvoiced": "service_charge_invoice",
}


async def request_notification(envelope: Envelope[Any], uow: UnitOfWork) -> None:
    data = envelope.data
    letter_type = getattr(data, "letter_type", None) or LETTER_FOR_EVENT[envelope.event_type]
    await uow.session.execute(
        insert(notification_table)
        .values(
            notification_id=uuid.uuid4(),
            event_id=envelope.event_id,
            event_type=envelope.event_type,
            letter_type=letter_type,
            account_ref=data.account_ref,
            channel="letter",
            status="requested",
            data=data.model_dump(mode="json"),
        )
        .on_conflict_do_nothing(constraint="uq_notification_event_letter")
    )
