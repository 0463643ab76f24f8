"""Reading invoices raised: by account or run, what a scheme's year invoiced, and which
runs were raised (leasehold asks these of its service charge invoices)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from billing.invoices.tables import service_charge_invoice_table as invoice_t
from shared.money import Money


async def invoices_for(session: AsyncSession, *, after: str, limit: int, account_ref: str | None = None,
                       run_ref: str | None = None) -> list[dict[str, Any]]:
    """Invoices after ``after`` in reference order, of the account and/or run if given."""
    query = select(invoice_t).where(invoice_t.c.invoice_ref > after).order_by(invoice_t.c.invoice_ref).limit(limit)
    if account_ref is not None:
        query = query.where(invoice_t.c.account_ref == account_ref)
    if run_ref is not None:
        query = query.where(invoice_t.c.run_ref == run_ref)
    return [dict(r) for r in (await session.execute(query)).mappings()]


async def any_of_types(session: AsyncSession, account_ref: str, invoice_types: Any) -> bool:
    """Whether the account has an invoice of any of these types."""
    found = await session.execute(select(invoice_t.c.invoice_ref).where(
        invoice_t.c.account_ref == account_ref, invoice_t.c.invoice_type.in_(invoice_types)).limit(1))
    return found.first() is not None


async def invoiced_by_account(session: AsyncSession, scheme_ref: str, period_from: date,
                              invoice_type: str) -> dict[str, Money]:
    """What the scheme's invoices of the type for the period starting ``period_from`` came to, per account."""
    rows = await session.execute(
        select(invoice_t.c.account_ref, func.sum(invoice_t.c.amount).label("amount"))
        .where(invoice_t.c.scheme_ref == scheme_ref, invoice_t.c.period_from == period_from,
               invoice_t.c.invoice_type == invoice_type).group_by(invoice_t.c.account_ref))
    return {r.account_ref: Money(r.amount) for r in rows}


async def runs_like(session: AsyncSession, pattern: str) -> set[str]:
    """The run references raised matching the LIKE pattern."""
    return set((await session.execute(select(invoice_t.c.run_ref).distinct().where(
        invoice_t.c.run_ref.like(pattern)))).scalars())
