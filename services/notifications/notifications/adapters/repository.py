"""Reading and writing notifications' tables. Never commits: the unit of work does."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import and_, not_, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.engine import RowMapping
from sqlalchemy.ext.asyncio import AsyncSession

from notifications.adapters.orm import (
    contact_preference_table,
    contact_table,
    notification_table,
    setting_table,
)
from notifications.domain.channels import Channel, Format, Preference
from notifications.domain.configuration import CONFIG_MODELS
from notifications.domain.recipients import Contact

C = TypeVar("C", bound=BaseModel)
N = notification_table


async def setting(session: AsyncSession, key: str) -> BaseModel | None:
    value = (await session.execute(select(setting_table.c.value).where(setting_table.c.key == key))).scalar()
    return None if value is None else CONFIG_MODELS[key].model_validate(value)


async def setting_or_default(session: AsyncSession, key: str, model: type[C]) -> C:
    found = await setting(session, key)
    return found if isinstance(found, model) else model()


async def save_setting(session: AsyncSession, key: str, value: BaseModel, actor: str) -> None:
    stmt = insert(setting_table).values(key=key, value=value.model_dump(mode="json"), updated_by=actor)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[setting_table.c.key],
        set_={"value": stmt.excluded.value, "updated_by": actor, "updated_at": stmt.excluded.updated_at},
    ))


async def contacts(session: AsyncSession, account_ref: str) -> list[Contact]:
    rows = (await session.execute(
        select(contact_table).where(contact_table.c.account_ref == account_ref)
    )).mappings().all()
    return [
        Contact(person_id=r.person_id, name=r.name, is_lead=r.is_lead, address=list(r.address), email=r.email,
                mobile=r.mobile, forwarding_address=list(r.forwarding_address))
        for r in rows
    ]


async def preference(session: AsyncSession, person_id: str) -> Preference | None:
    row = (await session.execute(
        select(contact_preference_table).where(contact_preference_table.c.person_id == person_id)
    )).mappings().first()
    if row is None:
        return None
    return Preference(channel=Channel(row.channel), format=Format(row.format), email=row.email, mobile=row.mobile)


async def claim_due(session: AsyncSession, now: datetime, *, hold_rendered_letters: bool) -> RowMapping | None:
    """Lock one notification due for work; others running at once skip it."""
    query = (
        select(N)
        .where(N.c.status.in_(("requested", "rendered", "sending")), N.c.next_attempt_at <= now)
        .order_by(N.c.next_attempt_at)
        .limit(1)
        .with_for_update(skip_locked=True)
    )
    if hold_rendered_letters:
        # Letters for the print room wait for their mail-merge batch.
        query = query.where(not_(and_(N.c.status == "rendered", N.c.channel == Channel.LETTER.value)))
    return (await session.execute(query)).mappings().first()


async def lock(session: AsyncSession, notification_id: Any) -> RowMapping | None:
    return (await session.execute(
        select(N).where(N.c.notification_id == notification_id).with_for_update()
    )).mappings().first()


async def update_notification(session: AsyncSession, notification_id: Any, **values: Any) -> None:
    await session.execute(update(N).where(N.c.notification_id == notification_id).values(**values))
