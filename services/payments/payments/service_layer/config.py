"""Reading and changing payments' settings (stored in the database, audited)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from payments.adapters.orm import setting_table
from payments.domain.settings import SETTINGS, validate_setting
from shared import audit


async def current(session: AsyncSession) -> dict[str, Any]:
    stored = {r.key: r.value for r in await session.execute(select(setting_table.c.key, setting_table.c.value))}
    return {key: stored.get(key, setting.default) for key, setting in SETTINGS.items()}


async def change(session: AsyncSession, key: str, value: Any, actor: str, reason: str) -> None:
    validate_setting(key, value)
    before = (await current(session))[key]
    stmt = insert(setting_table).values(key=key, value=value, updated_by=actor)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[setting_table.c.key],
        set_={"value": stmt.excluded.value, "updated_by": actor, "updated_at": stmt.excluded.updated_at},
    ))
    await audit.record(session, actor=actor, action="change", entity="payments_setting", entity_id=key,
                       before={"value": before}, after={"value": value}, reason=reason)
