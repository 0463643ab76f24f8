"""Charge schedules and what the ledger already charged, per account (tenancy changes)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import or_, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from billing.charges.rules import ChargePeriod, period_of
from billing.charges.tables import charge_table
from billing.leasehold.rules import LEASE_INVOICED
from billing.ledger import accounts as ledger_accounts
from billing.ledger import source_keys, statements
from shared.calendar import RentWeek
from shared.contracts.types import ChargeType
from shared.money import Money


async def charge_rows(session: AsyncSession, account_ref: str) -> list[dict[str, Any]]:
    rows = await session.execute(select(charge_table).where(charge_table.c.account_ref == account_ref)
                                 .order_by(charge_table.c.charge_type, charge_table.c.effective_from))
    return [dict(r) for r in rows.mappings()]


def active_on(rows: list[dict[str, Any]], day: date) -> dict[ChargeType, Money]:
    return {ChargeType(r["charge_type"]): Money(r["weekly_amount"]) for r in rows
            if r["effective_from"] <= day and (r["effective_to"] is None or r["effective_to"] >= day)}


def periods(rows: list[dict[str, Any]], starts: date, ends: date | None,
            lease_starts: date | None = None) -> list[ChargePeriod]:
    """The schedule's charge periods; on a leased account a charge of a type the lease
    invoices ends the day before the lease starts (as in the weekly debit)."""
    lease_ends = lease_starts - timedelta(days=1) if lease_starts else None
    return [period_of(r["account_ref"], r["charge_type"], Money(r["weekly_amount"]), (r["effective_from"], starts),
                      (r["effective_to"], ends, lease_ends if ChargeType(r["charge_type"]) in LEASE_INVOICED else None))
            for r in rows if r["weekly_amount"] > 0]


async def charged(session: AsyncSession, account_ref: str) -> dict[RentWeek | tuple[int, int], dict[ChargeType, Money]]:
    """What the ledger charged the account, by (rent year, week) and charge type."""
    found: dict[Any, dict[ChargeType, Money]] = defaultdict(dict)
    prefixes = source_keys.like_any(source_keys.WEEK_CHARGES)
    # Only what the schedule charged (the debit and its settlements): an invoice (leasehold,
    # sundry) is no week's schedule, and re-pricing weeks would otherwise credit it away.
    for row in await statements.charged_by_week(session, account_ref, prefixes):
        found[(row.rent_year, row.rent_week)][ChargeType(row.charge_type)] = Money(row.amount)
    return found


LATER_CHANGES = text(
    "SELECT DISTINCT account_ref FROM charge WHERE account_ref = ANY(:refs) AND effective_from >= :day"
)


async def open_accounts_charges(session: AsyncSession, day: date) -> dict[str, dict[ChargeType, Money]]:
    """Every open account's charges on a day (the charges a rent review starts from)."""
    found: dict[str, dict[ChargeType, Money]] = {}
    open_refs = ledger_accounts.open_account_refs().subquery()
    active_on_day = (
        select(charge_table.c.account_ref, charge_table.c.charge_type, charge_table.c.weekly_amount)
        .join_from(charge_table, open_refs, open_refs.c.account_ref == charge_table.c.account_ref)
        .where(charge_table.c.effective_from <= day,
               or_(charge_table.c.effective_to.is_(None), charge_table.c.effective_to >= day)))
    for row in await session.execute(active_on_day):
        found.setdefault(row.account_ref, {})[ChargeType(row.charge_type)] = Money(row.weekly_amount)
    return found


async def changed_from(session: AsyncSession, refs: list[str], day: date) -> list[str]:
    """Of these accounts, those with a charge change from ``day`` or later."""
    return sorted((await session.execute(LATER_CHANGES, {"refs": refs, "day": day})).scalars())
