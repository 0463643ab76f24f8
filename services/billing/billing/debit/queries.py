"""The weekly debit run's set-based reads: which accounts are due, their charge
periods, and the reconciliation of what was posted against the schedules."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from billing.charges.rules import ChargePeriod, period_of
from billing.debit.tables import debit_run_table
from billing.leasehold.rules import LEASE_INVOICED
from billing.ledger import source_keys
from shared.calendar import RentWeek
from shared.contracts.types import ChargeType
from shared.money import Money

# A leased account's lease invoices these (leasehold/rules.py), so a weekly charge
# of one is due only before the lease starts. None can be set on a leased account, or a
# lease set over one; this keeps a schedule from before those checks from charging twice.
_LEASE_TYPES = ", ".join(f"'{t.value}'" for t in sorted(LEASE_INVOICED))

_LEASE_OF_CHARGE = f"l.account_ref = c.account_ref AND c.charge_type IN ({_LEASE_TYPES})"

_NOT_LEASE_INVOICED = f"NOT EXISTS (SELECT 1 FROM lease l WHERE {_LEASE_OF_CHARGE} AND l.starts_on <= :week_starts)"


# Walks the account primary key from the cursor: each batch costs its own size, not the book's.
_DUE_ACCOUNTS = f"""
    FROM account a
    WHERE a.status = 'open' AND a.opened_on <= :week_ends AND EXISTS (
        SELECT 1 FROM charge c WHERE c.account_ref = a.account_ref AND c.account_ref > :cursor
          AND c.weekly_amount > 0
          AND c.effective_from <= :week_ends AND (c.effective_to IS NULL OR c.effective_to >= :week_starts)
          AND {_NOT_LEASE_INVOICED})
"""


COUNT_DUE = text(f"SELECT count(*) {_DUE_ACCOUNTS}".replace(":cursor", "''"))


NEXT_DUE = text(
    f"SELECT a.account_ref {_DUE_ACCOUNTS} AND a.account_ref > :cursor ORDER BY a.account_ref LIMIT :limit"
)


PERIODS = text(
    f"""
    SELECT c.account_ref, c.charge_type, c.weekly_amount, c.effective_from, c.effective_to,
           a.opened_on, a.closed_on, t.start_date, t.end_date, l.starts_on - 1 AS lease_ends
    FROM charge c JOIN account a ON a.account_ref = c.account_ref
    LEFT JOIN tenancy t ON t.tenancy_ref = a.tenancy_ref
    LEFT JOIN lease l ON {_LEASE_OF_CHARGE}
    WHERE c.account_ref = ANY(:refs) AND c.weekly_amount > 0
      AND c.effective_from <= :week_ends AND (c.effective_to IS NULL OR c.effective_to >= :week_starts)
    ORDER BY c.account_ref, c.charge_type, c.effective_from
    """
)


# By the rent week charged: a moved posting (dated in a closed year, so moved into the
# open one by ledger/writer.py) keeps the week it charged. The rows are first found by
# account and date (the (account_ref, effective_date) index; a settlement is dated in its
# week), and only then filtered by week: left to itself the planner took the rent-week
# index and each batch read every charge of the week posted so far.
SETTLED = text(
    """
    WITH in_week AS MATERIALIZED (
        SELECT account_ref, charge_type, amount, rent_year, rent_week FROM posting
        WHERE account_ref = ANY(:refs) AND effective_date BETWEEN :week_starts AND :week_ends
          AND posting_type = 'charge' AND charge_type IS NOT NULL AND source_key LIKE ANY(:prefixes)
    )
    SELECT account_ref, charge_type, sum(amount) AS amount FROM in_week
    WHERE rent_year = :rent_year AND rent_week = :rent_week
    GROUP BY account_ref, charge_type
    """
)


# Posted: what the ledger charged for the week, by patch and charge type — by the debit
# and by the schedule settlements (a backdated change, a termination) that the debit
# leaves out when it is run again.
POSTED = text(
    """
    SELECT coalesce(a.patch, '') AS patch, p.charge_type, count(DISTINCT p.account_ref) AS lines,
           sum(p.amount) AS amount
    FROM posting p JOIN account a ON a.account_ref = p.account_ref
    WHERE p.rent_year = :rent_year AND p.rent_week = :rent_week AND p.posting_type = 'charge'
      AND p.source_key LIKE ANY(:prefixes)
    GROUP BY 1, 2
    """
)


# Expected: the schedules priced in SQL, independently of the Python that posted them:
# daily rate = weekly / 7 to the penny, Sunday takes the remainder, a full week = weekly.
# An account closed since (a termination) is still due up to its last day.
EXPECTED = text(
    f"""
    WITH span AS (
        SELECT coalesce(a.patch, '') AS patch, c.account_ref, c.charge_type, c.weekly_amount AS weekly,
               round(c.weekly_amount / 7, 2) AS daily,
               GREATEST(c.effective_from, coalesce(t.start_date, a.opened_on), :week_starts) AS first_day,
               LEAST(coalesce(c.effective_to, :week_ends), coalesce(t.end_date, :week_ends),
                     coalesce(a.closed_on, :week_ends), coalesce(l.starts_on - 1, :week_ends), :week_ends) AS last_day
        FROM charge c JOIN account a ON a.account_ref = c.account_ref
        LEFT JOIN tenancy t ON t.tenancy_ref = a.tenancy_ref
        LEFT JOIN lease l ON {_LEASE_OF_CHARGE}
        WHERE a.opened_on <= :week_ends AND c.weekly_amount > 0
          AND c.effective_from <= :week_ends AND (c.effective_to IS NULL OR c.effective_to >= :week_starts)
    ), priced AS (
        SELECT patch, account_ref, charge_type,
               CASE WHEN last_day - first_day = 6 THEN weekly
                    ELSE daily * (last_day - first_day + 1 - (last_day = :week_ends)::int)
                         + CASE WHEN last_day = :week_ends THEN weekly - 6 * daily ELSE 0 END
               END AS amount
        FROM span WHERE first_day <= last_day
    )
    SELECT patch, charge_type, count(DISTINCT account_ref) FILTER (WHERE amount > 0) AS lines,
           sum(amount) AS amount
    FROM priced GROUP BY 1, 2
    """
)


def _week(week: RentWeek) -> dict[str, date]:
    return {"week_starts": week.starts, "week_ends": week.ends}


async def count_due(session: AsyncSession, week: RentWeek) -> int:
    return int((await session.execute(COUNT_DUE, _week(week))).scalar_one())


async def next_due(session: AsyncSession, week: RentWeek, cursor: str, limit: int) -> list[str]:
    found = await session.execute(NEXT_DUE, {**_week(week), "cursor": cursor, "limit": limit})
    return list(found.scalars())


async def periods_for(session: AsyncSession, week: RentWeek, refs: list[str]) -> list[ChargePeriod]:
    rows = await session.execute(PERIODS, {**_week(week), "refs": refs})
    return [
        period_of(r.account_ref, r.charge_type, Money(r.weekly_amount),
                  (r.effective_from, r.start_date or r.opened_on),
                  (r.effective_to, r.end_date, r.closed_on, r.lease_ends))
        for r in rows
    ]


async def settled_for(session: AsyncSession, week: RentWeek, refs: list[str]) -> dict[tuple[str, ChargeType], Money]:
    """Charges schedule settlements already posted for the week, per account and type."""
    rows = await session.execute(SETTLED, {**_week(week), "rent_year": week.rent_year,
                                           "rent_week": week.number, "refs": refs,
                                           "prefixes": source_keys.like_any(source_keys.SCHEDULE_SETTLEMENTS)})
    return {(r.account_ref, ChargeType(r.charge_type)): Money(r.amount) for r in rows}


async def reconciliation_rows(session: AsyncSession, week: RentWeek) -> tuple[list[Any], list[Any]]:
    posted = (await session.execute(POSTED, {"rent_year": week.rent_year, "rent_week": week.number,
                                             "prefixes": source_keys.like_any(source_keys.WEEK_CHARGES)})).all()
    expected = (await session.execute(EXPECTED, _week(week))).all()
    return posted, expected


async def weeks_debited(session: AsyncSession, rent_year: int) -> set[int]:
    """The rent weeks of the year a run has posted charges for."""
    return set((await session.execute(select(debit_run_table.c.rent_week).where(
        debit_run_table.c.rent_year == rent_year, debit_run_table.c.postings_count > 0))).scalars())
