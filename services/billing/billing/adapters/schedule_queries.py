"""Charge schedules and what the ledger already charged, per account (tenancy changes)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from billing.adapters.orm import account_table, charge_table, tenancy_table, tenant_table
from billing.domain.service_charges import LEASE_INVOICED
from billing.domain.weekly_debit import WEEK_CHARGES, ChargePeriod, period_of
from shared.calendar import RentWeek
from shared.contracts.types import ChargeType
from shared.money import Money

# Only what the schedule charged (the debit and its settlements): an invoice (leasehold,
# sundry) is no week's schedule, and re-pricing weeks would otherwise credit it away.
CHARGED = text(
    """
    SELECT rent_year, rent_week, charge_type, sum(amount) AS amount FROM posting
    WHERE account_ref = :ref AND posting_type = 'charge' AND charge_type IS NOT NULL
      AND source_key LIKE ANY(:prefixes)
    GROUP BY rent_year, rent_week, charge_type
    """
)


async def tenancy(session: AsyncSession, tenancy_ref: str, *, for_update: bool = False) -> dict[str, Any] | None:
    query = select(tenancy_table).where(tenancy_table.c.tenancy_ref == tenancy_ref)
    row = (await session.execute(query.with_for_update() if for_update else query)).mappings().first()
    return dict(row) if row else None


async def rent_account_of(session: AsyncSession, tenancy_ref: str) -> str | None:
    row = (await session.execute(select(account_table.c.account_ref).where(
        account_table.c.tenancy_ref == tenancy_ref).order_by(account_table.c.opened_on))).first()
    return row.account_ref if row else None


async def current_tenants(session: AsyncSession, tenancy_ref: str) -> list[dict[str, Any]]:
    rows = await session.execute(select(tenant_table).where(
        tenant_table.c.tenancy_ref == tenancy_ref, tenant_table.c.left_on.is_(None)))
    return [dict(r) for r in rows.mappings()]


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
    for row in await session.execute(CHARGED, {"ref": account_ref, "prefixes": [f"{p}%" for p in WEEK_CHARGES]}):
        found[(row.rent_year, row.rent_week)][ChargeType(row.charge_type)] = Money(row.amount)
    return found
