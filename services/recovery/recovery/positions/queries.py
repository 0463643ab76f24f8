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


# SQL fragments over the positions' tables, for the set-based statements of other
# packages (the daily run, the KPIs, the agencies, arrangement monitoring): each embeds
# one as a derived table or subquery and reads only the columns it yields, so these
# tables are spelled here alone. A date parameter is always :today.

# Open accounts in arrears with what the daily run judges a case on.
OPEN_IN_ARREARS = """
SELECT account_ref, account_type, patch, balance, weekly_charge, last_payment_on, last_hb_on, last_uc_on,
       last_dd_on, last_dd_unpaid_on, benefit_claim_pending, charge_disputed,
       (vulnerable AND vulnerability_reviewed_on IS NULL) AS vulnerable_unreviewed
FROM account_position WHERE status = 'open' AND balance > 0"""

# The accounts of patch :patch as the worktray lists them, with the lead tenant's name
# (the first tenant if none is marked lead).
PATCH_ACCOUNTS = """
SELECT account_ref, status, balance, weekly_charge, last_payment_on, last_payment_amount,
       (SELECT t->>'name' FROM jsonb_array_elements(coalesce(tenants, '[]'::jsonb)) WITH ORDINALITY AS x(t, n)
        ORDER BY coalesce((t->>'is_lead')::boolean, false) DESC, n LIMIT 1) AS lead_tenant
FROM account_position WHERE patch = :patch"""

# Open accounts whose arrears are cleared; and every account with nothing owed.
OPEN_CLEARED = "SELECT account_ref FROM account_position WHERE status = 'open' AND balance <= 0"
CLEARED = "SELECT account_ref FROM account_position WHERE balance <= 0"

# Open accounts with their type, balance and weekly charge (the KPIs).
OPEN_ACCOUNTS = "SELECT account_ref, account_type, balance, weekly_charge FROM account_position WHERE status = 'open'"

# Every account's balance, tenants and forwarding address.
BALANCES = "SELECT account_ref, balance, tenants, forwarding_address FROM account_position"

# Money that collects (or undoes a collection of) a debt: what agencies and former
# tenant arrears are measured by. Yields account_ref, amount, effective_date.
COLLECTIONS = """SELECT account_ref, amount, effective_date FROM money_posting
  WHERE posting_type IN ('payment', 'dd_collection', 'payment_reversal', 'dd_unpaid')"""


def _listed(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{v}'" for v in values)


def money_in_last_8_weeks(accounts: str) -> str:
    """Paid, HB and UC credited (positive) in the 8 weeks to :today, by account, of the
    accounts the SELECT `accounts` yields: account_ref, paid_8w, hb_8w, uc_8w."""
    return f"""
  SELECT account_ref,
         -sum(amount) AS paid_8w,
         -sum(amount) FILTER (WHERE posting_type = 'hb_credit') AS hb_8w,
         -sum(amount) FILTER (WHERE posting_type = 'uc_credit') AS uc_8w
  FROM money_posting
  WHERE effective_date > CAST(:today AS date) - 56 AND effective_date <= :today
    AND account_ref IN ({accounts})
  GROUP BY account_ref"""


def paid_between(account_ref: str, start: str, end: str) -> str:
    """A scalar subquery: what the account (an SQL expression) paid from `start` to `end`
    (SQL date expressions) inclusive, positive; NULL if nothing moved."""
    return (f"(SELECT -sum(m.amount) FROM money_posting m WHERE m.account_ref = {account_ref}\n"
            f"                 AND m.effective_date BETWEEN {start} AND {end})")


def last_payment_on_of(account_ref: str) -> str:
    """A scalar subquery: the account's (an SQL expression) last payment date, as `last_payment_on` reads it."""
    return (f"(SELECT max(m.effective_date) FROM money_posting m WHERE m.account_ref = {account_ref} "
            f"AND m.amount < 0\n          AND m.posting_type IN ({_listed(PAYMENT_TYPES)}))")
