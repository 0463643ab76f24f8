"""Delivery receipts: Notify tells us a sent notification was delivered or failed."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select, update

from notifications.adapters.orm import notification_table as N
from notifications.domain.exceptions import NotFound
from shared.db.unit_of_work import UnitOfWork

# Notify's final statuses (email, SMS and letter) and what they mean for the log.
DELIVERED = {"delivered", "received"}
FAILED = {
    "permanent-failure": "the provider says the address or number does not exist",
    "temporary-failure": "the recipient's inbox was full or their phone was off for 72 hours",
    "technical-failure": "GOV.UK Notify had a technical failure",
    "validation-failed": "GOV.UK Notify could not print the letter (content outside the printable area)",
    "virus-scan-failed": "GOV.UK Notify found a virus in the letter PDF",
    "cancelled": "the letter was cancelled before it was printed",
}


async def record_receipt(provider_ref: str, status: str, at: datetime | None, uow: UnitOfWork) -> None:
    """A receipt for a notification already failed (or unknown to us) changes nothing."""
    if status in DELIVERED:
        values = {"status": "delivered", "delivered_at": at or datetime.now(UTC)}
    elif status in FAILED:
        values = {"status": "failed", "failure_reason": f"{status}: {FAILED[status]}"}
    else:
        return  # an interim status (sending, pending-virus-check, accepted): nothing final yet
    result = await uow.session.execute(
        update(N).where(N.c.provider_ref == provider_ref, N.c.status.in_(("sent", "delivered"))).values(**values)
    )
    if result.rowcount == 0:
        known = await uow.session.execute(select(N.c.notification_id).where(N.c.provider_ref == provider_ref))
        if known.first() is None:
            raise NotFound(f"no notification was sent as {provider_ref}")
