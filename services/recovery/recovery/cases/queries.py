"""Reading a case and the actions recorded on it. Never commits."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.cases.tables import case_action_table, recovery_case_table
from recovery.errors import NotFound


async def get_case(session: AsyncSession, case_id: uuid.UUID, *, for_update: bool = False) -> Any:
    stmt = select(recovery_case_table).where(recovery_case_table.c.case_id == case_id)
    row = (await session.execute(stmt.with_for_update() if for_update else stmt)).mappings().first()
    if row is None:
        raise NotFound(f"no recovery case {case_id}")
    return row


async def actions_on(session: AsyncSession, case_id: uuid.UUID) -> list[Any]:
    return list((await session.execute(
        select(case_action_table).where(case_action_table.c.case_id == case_id)
        .order_by(case_action_table.c.taken_on, case_action_table.c.created_at)
    )).mappings().all())


async def get_action(session: AsyncSession, action_id: uuid.UUID) -> Any:
    return (await session.execute(
        select(case_action_table).where(case_action_table.c.action_id == action_id))).mappings().one()
