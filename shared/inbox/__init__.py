"""The inbox: a consumer records each message id in the same transaction as the
message's effects, so a redelivered message is recognised and not applied again."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.platform_tables import inbox_table


async def claim(session: AsyncSession, consumer: str, message_id: str) -> bool:
    """True if this message is new for this consumer (and now recorded)."""
    result = await session.execute(
        insert(inbox_table)
        .values(consumer=consumer, message_id=message_id)
        .on_conflict_do_nothing()
        .returning(inbox_table.c.message_id)
    )
    return result.first() is not None
