"""Mail-merge batches: a day's letters of one type, waiting for the print room, put
together as one print-ready PDF and a CSV manifest; the letters are then sent."""

from __future__ import annotations

import asyncio
import uuid
from datetime import UTC, date, datetime

from sqlalchemy import func, insert, select, update

from notifications.adapters import pdf
from notifications.adapters import repository as repo
from notifications.adapters.orm import mail_merge_batch_table, notification_document_table, notification_table
from notifications.domain.batches import BatchLetter, manifest_csv, place_for_duplex
from notifications.domain.catalogue import LETTER_TYPES
from notifications.domain.channels import Channel
from notifications.domain.configuration import DeliveryPolicy
from notifications.domain.exceptions import NotificationsError
from shared import audit
from shared.db.unit_of_work import UnitOfWork

N, D = notification_table, notification_document_table


async def create_batch(letter_type: str, day: date, actor: str, uow: UnitOfWork) -> uuid.UUID:
    if letter_type not in LETTER_TYPES:
        raise NotificationsError(f"unknown letter type {letter_type!r}")
    policy = await repo.setting_or_default(uow.session, "delivery_policy", DeliveryPolicy)
    rows = (await uow.session.execute(
        select(N.c.notification_id, N.c.account_ref, N.c.recipient, N.c.format, D.c.pdf, D.c.pages)
        .join(D, D.c.notification_id == N.c.notification_id)
        .where(N.c.letter_type == letter_type, N.c.channel == Channel.LETTER.value, N.c.status == "rendered",
               func.date(func.timezone("Europe/London", N.c.rendered_at)) == day)
        .order_by(N.c.rendered_at)
        .limit(policy.batch_max_letters)
        .with_for_update(of=N, skip_locked=True)
    )).mappings().all()
    if not rows:
        raise NotificationsError(f"no {letter_type} letters rendered on {day} are waiting to be printed")
    # Postcode order: the order a mailing house sorts for postage discounts.
    rows = sorted(rows, key=lambda r: (r["recipient"]["address"][-1], r["account_ref"]))
    letters = [
        BatchLetter(str(r["notification_id"]), r["account_ref"], " and ".join(r["recipient"]["names"]),
                    r["recipient"]["address"], r["format"], r["pages"])
        for r in rows
    ]
    placements = place_for_duplex(letters)
    document = await asyncio.to_thread(pdf.assemble, [r["pdf"] for r in rows], placements)
    batch_id = uuid.uuid4()
    page_count = sum(p.padded_pages for p in placements)
    await uow.session.execute(insert(mail_merge_batch_table).values(
        batch_id=batch_id, letter_type=letter_type, day=day, letter_count=len(rows), page_count=page_count,
        pdf=document, manifest=manifest_csv(placements), created_by=actor,
    ))
    await uow.session.execute(
        update(N).where(N.c.notification_id.in_([r["notification_id"] for r in rows]))
        .values(status="sent", sent_at=datetime.now(UTC), batch_id=batch_id, provider_ref=f"print-batch:{batch_id}")
    )
    await audit.record(uow.session, actor=actor, action="create", entity="mail_merge_batch",
                       entity_id=str(batch_id), after={"letter_type": letter_type, "day": str(day),
                                                        "letters": len(rows), "pages": page_count},
                       reason="letters handed to the print room")
    return batch_id
