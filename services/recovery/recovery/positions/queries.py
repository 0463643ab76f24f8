"""Reading an account's position and the money and benefit projected onto it. Never commits."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import String, any_, bindparam, func, select
from sqlalchemy.dialects.postgresql import ARRAY, distinct_on
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.errors import NotFound
from recovery.positions.rules import BenefitCredit
from recovery.positions.tables import account_position_table as positions
from recovery.positions.tables import benefit_period_table, benefit_reversal_table, money_posting_table
from shared.money import Money

PAYMENT_TYPES = ("payment", "hb_credit", "uc_credit", "dd_collection")
BENEFIT_TYPES = ("hb_credit", "uc_credit")


async def get_position(session: AsyncSession, account_ref: str, *, for_update: bool = False) -> Any:
    stmt = select(positions).where(positions.c.account_ref == account_ref)
    row = (await session.execute(stmt.with_for_update() if for_update else stmt)).mappings().first()
    if row is None:
        raise NotFound(f"recovery knows no account {account_ref}")
    return row


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
