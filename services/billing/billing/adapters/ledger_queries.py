"""Read-side queries over the ledger: balances as at a date, statements, balance bands,
weekly totals and control totals by posting type. All sums of postings (debit +)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.money import Money

BALANCE_AS_AT = text(
    "SELECT coalesce(sum(amount), 0) FROM posting WHERE account_ref = :ref AND effective_date <= :as_at"
)
POSTINGS_BETWEEN = text(
    """
    SELECT * FROM posting WHERE account_ref = :ref AND effective_date BETWEEN :date_from AND :date_to
    ORDER BY effective_date, account_seq LIMIT :limit
    """
)
TOTALS_BETWEEN = text(
    """
    SELECT coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS debits,
           coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS credits, count(*) AS postings
    FROM posting WHERE account_ref = :ref AND effective_date BETWEEN :date_from AND :date_to
    """
)
BALANCES_AS_AT = text(
    """
    SELECT a.account_ref, coalesce(sum(p.amount), 0) AS balance
    FROM account a LEFT JOIN posting p ON p.account_ref = a.account_ref AND p.effective_date <= :as_at
    WHERE a.opened_on <= :as_at GROUP BY a.account_ref
    """
)
WEEKLY_TOTALS = text(
    """
    SELECT rent_year, rent_week,
           coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS debits,
           coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS credits, count(*) AS postings
    FROM posting WHERE rent_year = :rent_year GROUP BY rent_year, rent_week ORDER BY rent_week
    """
)
CONTROL_TOTALS = text(
    """
    SELECT posting_type, count(*) AS postings,
           coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS debits,
           coalesce(-sum(amount) FILTER (WHERE amount < 0), 0) AS credits, sum(amount) AS net
    FROM posting WHERE effective_date BETWEEN :date_from AND :date_to
    GROUP BY posting_type ORDER BY posting_type
    """
)


async def balance_as_at(session: AsyncSession, ref: str, as_at: date) -> Money:
    return Money((await session.execute(BALANCE_AS_AT, {"ref": ref, "as_at": as_at})).scalar_one())


async def statement(session: AsyncSession, ref: str, date_from: date, date_to: date, limit: int) -> dict[str, Any]:
    window = {"ref": ref, "date_from": date_from, "date_to": date_to}
    opening = Money((await session.execute(BALANCE_AS_AT, {"ref": ref, "as_at": date.fromordinal(
        date_from.toordinal() - 1)})).scalar_one())
    totals = (await session.execute(TOTALS_BETWEEN, window)).one()
    rows = (await session.execute(POSTINGS_BETWEEN, {**window, "limit": limit})).mappings().all()
    return {"opening_balance": opening, "debits": Money(totals.debits), "credits": Money(totals.credits),
            "closing_balance": opening + Money(totals.debits) - Money(totals.credits),
            "postings": [dict(r) for r in rows]}


def band_label(balance: Decimal, bounds: list[Decimal]) -> str:
    """Bands by balance: in credit, nil, then each bound up to the next."""
    if balance < 0:
        return "credit"
    if balance == 0:
        return "nil"
    lower = Decimal(0)
    for bound in bounds:
        if balance <= bound:
            return f"{lower:.2f}-{bound:.2f}"
        lower = bound
    return f"over {lower:.2f}"


async def balance_bands(session: AsyncSession, as_at: date, bounds: list[Decimal]) -> list[dict[str, Any]]:
    bands: dict[str, list[Decimal]] = {}
    for row in await session.execute(BALANCES_AS_AT, {"as_at": as_at}):
        bands.setdefault(band_label(row.balance, bounds), []).append(row.balance)
    order = ["credit", "nil", *[band_label(b, bounds) for b in bounds], band_label(bounds[-1] + 1, bounds)]
    return [{"band": label, "accounts": len(bands.get(label, [])), "total": Money(sum(bands.get(label, [])))}
            for label in order]


async def weekly_totals(session: AsyncSession, rent_year: int) -> list[dict[str, Any]]:
    return [dict(r) for r in (await session.execute(WEEKLY_TOTALS, {"rent_year": rent_year})).mappings()]


async def control_totals(session: AsyncSession, date_from: date, date_to: date) -> list[dict[str, Any]]:
    found = await session.execute(CONTROL_TOTALS, {"date_from": date_from, "date_to": date_to})
    return [dict(r) for r in found.mappings()]
