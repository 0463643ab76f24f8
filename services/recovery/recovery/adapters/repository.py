"""Queries the use cases share. Repositories never commit."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import exists, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.adapters.orm import account_position_table as positions
from recovery.adapters.orm import (
    breathing_space_table,
    case_action_table,
    money_posting_table,
    recovery_case_table,
)
from recovery.domain.exceptions import NotFound
from recovery.service_layer.configuration import policy_for_type

PAYMENT_TYPES = ("payment", "hb_credit", "uc_credit", "dd_collection")


async def get_position(session: AsyncSession, account_ref: str, *, for_update: bool = False) -> Any:
    stmt = select(positions).where(positions.c.account_ref == account_ref)
    row = (await session.execute(stmt.with_for_update() if for_update else stmt)).mappings().first()
    if row is None:
        raise NotFound(f"recovery knows no account {account_ref}")
    return row


async def get_case(session: AsyncSession, case_id: uuid.UUID, *, for_update: bool = False) -> Any:
    stmt = select(recovery_case_table).where(recovery_case_table.c.case_id == case_id)
    row = (await session.execute(stmt.with_for_update() if for_update else stmt)).mappings().first()
    if row is None:
        raise NotFound(f"no recovery case {case_id}")
    return row


async def open_case_for(session: AsyncSession, account_ref: str, today: date) -> Any:
    """The account's open case, opened now if there is none."""
    position = await get_position(session, account_ref)
    code, _ = await policy_for_type(session, position["account_type"])
    await session.execute(
        insert(recovery_case_table).values(
            case_id=uuid.uuid4(), account_ref=account_ref, policy_code=code, status="open", opened_on=today,
        ).on_conflict_do_nothing(index_elements=[recovery_case_table.c.account_ref],
                                 index_where=text("status = 'open'"))
    )
    row = (await session.execute(
        select(recovery_case_table).where(recovery_case_table.c.account_ref == account_ref,
                                          recovery_case_table.c.status == "open").with_for_update()
    )).mappings().one()
    return row


async def actions_on(session: AsyncSession, case_id: uuid.UUID) -> list[Any]:
    return list((await session.execute(
        select(case_action_table).where(case_action_table.c.case_id == case_id)
        .order_by(case_action_table.c.taken_on, case_action_table.c.created_at)
    )).mappings().all())


async def in_breathing_space(session: AsyncSession, account_ref: str, today: date) -> bool:
    b = breathing_space_table
    ends = func.least(b.c.ends_on, b.c.ended_early_on)
    return bool((await session.execute(select(exists().where(
        b.c.account_ref == account_ref, b.c.start_date <= today, ends.is_(None) | (ends >= today),
    )))).scalar())


async def last_payment_on(session: AsyncSession, account_ref: str) -> date | None:
    m = money_posting_table
    return (await session.execute(
        select(func.max(m.c.effective_date)).where(m.c.account_ref == account_ref, m.c.amount < 0,
                                                   m.c.posting_type.in_(PAYMENT_TYPES))
    )).scalar()
