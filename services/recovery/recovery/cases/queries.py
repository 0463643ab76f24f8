"""Reading a case and the actions recorded on it. Never commits."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, text
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


async def actions_of_account(session: AsyncSession, account_ref: str, limit: int, offset: int) -> list[Any]:
    """The account's actions on every case it has had, newest first."""
    a = case_action_table
    return list((await session.execute(
        select(a).where(a.c.account_ref == account_ref).order_by(a.c.taken_on.desc(), a.c.created_at.desc())
        .limit(limit).offset(offset))).mappings().all())


async def get_action(session: AsyncSession, action_id: uuid.UUID) -> Any:
    return (await session.execute(
        select(case_action_table).where(case_action_table.c.action_id == action_id))).mappings().one()


OPEN_BY_STAGE = text("""
SELECT coalesce(stage, 'not_started') AS stage, count(*) AS cases FROM recovery_case WHERE status = 'open'
GROUP BY 1 ORDER BY 1
""")


async def open_cases_by_stage(session: AsyncSession) -> dict[str, int]:
    """The open cases by stage (`not_started`: none taken yet), in stage order."""
    return {r["stage"]: r["cases"] for r in (await session.execute(OPEN_BY_STAGE)).mappings()}


# SQL fragments over the cases' table for other packages' set-based statements (the
# daily run, the KPIs): each embeds one as a derived table or subquery. A date
# parameter is always :today.

# The accounts with an open case.
OPEN_CASE_ACCOUNTS = "SELECT account_ref FROM recovery_case WHERE status = 'open'"

# How many cases are open.
OPEN_CASE_COUNT = "SELECT count(*) FROM recovery_case WHERE status = 'open'"

# Each open case with what the daily run judges it on (its order enforceable :today).
OPEN_CASE_FACTS = """
SELECT case_id, policy_code, account_ref, court_date, notice_usable_from, notice_expires_on,
       ((court_order = 'outright_possession' AND coalesce(possession_date, :today) <= :today)
        OR (court_order = 'suspended_possession' AND order_breached)) AS order_enforceable,
       stages, stage_dates, wait_until, actions_taken, paused_until
FROM recovery_case WHERE status = 'open'"""

# Each open case as the worktray shows it: stage, court and eviction dates, the officer's pause.
OPEN_CASE_WORK = """
SELECT case_id, account_ref, stage, court_date, eviction_date, possession_date, court_order,
       paused_until, pause_reason, pause_note
FROM recovery_case WHERE status = 'open'"""

# The ids (as text, as the audit log keeps them) of the account :account_ref's cases.
CASE_IDS_OF_ACCOUNT = "SELECT case_id::text FROM recovery_case WHERE account_ref = :account_ref"
