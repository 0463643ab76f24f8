"""One account as the console's account page shows it: the account and its balance, the
tenancy with everyone who holds or held it, the home, the charges in force and their
history — read through each owner's queries."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from billing.charges import queries as charge_queries
from billing.ledger.model import Account
from billing.tenancies import queries as tenancies_queries
from shared.money import Money


def in_force(rows: list[dict[str, Any]], day: date) -> list[dict[str, Any]]:
    return [r for r in rows if r["effective_from"] <= day and (r["effective_to"] is None or r["effective_to"] >= day)]


def newest_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(rows, key=lambda r: (r["effective_from"], r["charge_type"]), reverse=True)


async def overview(session: AsyncSession, account: Account, today: date) -> dict[str, Any]:
    charges = await charge_queries.charge_rows(session, account.account_ref)
    current = in_force(charges, today)
    tenancy = None
    if account.tenancy_ref is not None:
        tenancy = await tenancies_queries.tenancy(session, account.tenancy_ref)
        if tenancy is not None:
            tenancy = {**tenancy, "tenants": await tenancies_queries.tenants_of(session, account.tenancy_ref)}
    home = await tenancies_queries.property_exists(session, account.property_ref) if account.property_ref else None
    return {"account": account, "as_at": today, "balance": account.balance, "tenancy": tenancy, "property": home,
            "weekly_charge": sum((Money(r["weekly_amount"]) for r in current), Money.zero()),
            "charges_in_force": current, "charge_history": newest_first(charges)}
