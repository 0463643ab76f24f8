"""The append-only audit log: who did what, when, to what, before/after and why.
Written in the same transaction as the change it records."""

from __future__ import annotations

from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.platform_tables import audit_table


async def record(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    source: str | None = None,
) -> None:
    await session.execute(
        insert(audit_table).values(
            actor=actor, action=action, entity=entity, entity_id=entity_id,
            before=before, after=after, reason=reason, source=source,
        )
    )
