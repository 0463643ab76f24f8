"""Queries the use cases share. Repositories never commit."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

from sqlalchemy import String, any_, bindparam, exists, func, select, text
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on, insert
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.adapters.orm import account_position_table as positions
from recovery.adapters.orm import (
    benefit_period_table,
    benefit_reversal_table,
    breathing_space_table,
    case_action_table,
    money_posting_table,
    recovery_case_table,
)
from recovery.domain.benefit_check import BenefitCredit
from recovery.domain.exceptions import NotFound
from recovery.service_layer.configuration import policy_for_type
from shared.money import Money

PAYMENT_TYPES = ("payment", "hb_credit", "uc_credit", "dd_collection")
BENEFIT_TYPES = ("hb_credit", "uc_credit")


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


async def benefit_credited(session: AsyncSession, refs: list[str]) -> dict[str, tuple[Money, date]]:
    """Each account's HB/UC credited in total (positive), less what was reversed of it (a
    reversed credit has not paid anything), and the date of the latest credit."""
    m, r = money_posting_table, benefit_reversal_table
    rows = await session.execute(
        select(m.c.account_ref, -func.sum(m.c.amount), func.max(m.c.effective_date))
        .where(m.c.account_ref == any_ref(refs), m.c.posting_type.in_(BENEFIT_TYPES)).group_by(m.c.account_ref))
    reversed_ = dict((await session.execute(
        select(r.c.account_ref, func.sum(r.c.amount)).where(r.c.account_ref == any_ref(refs))
        .group_by(r.c.account_ref))).all())
    return {ref: (Money(total - reversed_.get(ref, 0)), last) for ref, total, last in rows}


async def latest_benefit_periods(session: AsyncSession, refs: list[str]) -> dict[str, BenefitCredit]:
    """Each account's HB/UC credit whose period runs latest, less what was reversed of it;
    one reversed in full no longer counts."""
    b, r = benefit_period_table, benefit_reversal_table
    reversed_ = select(func.coalesce(func.sum(r.c.amount), 0)).where(r.c.payment_id == b.c.payment_id)
    net = b.c.amount - reversed_.scalar_subquery()
    rows = await session.execute(
        select(b.c.account_ref, net, b.c.period_from, b.c.period_to).ext(distinct_on(b.c.account_ref))
        .where(b.c.account_ref == any_ref(refs), net > 0)
        .order_by(b.c.account_ref, b.c.period_to.desc(), b.c.received_on.desc(), b.c.payment_id))
    return {ref: BenefitCredit(Money(amount), start, end) for ref, amount, start, end in rows}


def any_ref(refs: list[str]):
    """`= any_ref(refs)`: one array parameter, however many accounts."""
    return any_(bindparam("refs", refs, type_=ARRAY(String)))
