"""Read-side queries over the ledger: balances as at a date, statements, balance bands,
weekly totals and control totals by posting type. All sums of postings (debit +)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from shared.money import Money

BALANCE_AS_AT = text(
    "SELECT coalesce(sum(amount), 0) FROM posting WHERE account_ref = :ref AND effective_date <= :as_at"
)


# A statement in one query, so one snapshot: the account's patch (no row: no account),
# the opening balance, the window's totals and count (window aggregates run before the LIMIT,
# so they cover every posting in the range) and `limit` postings from `offset` (a page). No posting in the range
# still gives one row, with NULL posting columns.
STATEMENT = text(
    """
    SELECT a.patch,
           (SELECT coalesce(sum(amount), 0) FROM posting
            WHERE account_ref = :ref AND effective_date < :date_from) AS opening,
           coalesce(w.window_debits, 0) AS debits, coalesce(w.window_credits, 0) AS credits,
           w.posting_id, w.account_seq, w.posting_type, w.amount, w.balance_after, w.effective_date,
           w.rent_year, w.rent_week, w.charge_type, w.source, w.reason, w.posted_by, w.posted_at, w.channel,
           coalesce(w.window_postings, 0) AS total_postings
    FROM account a
    LEFT JOIN LATERAL (
        SELECT p.*,
               coalesce(sum(p.amount) FILTER (WHERE p.amount > 0) OVER (), 0) AS window_debits,
               coalesce(-sum(p.amount) FILTER (WHERE p.amount < 0) OVER (), 0) AS window_credits,
               count(*) OVER () AS window_postings
        FROM posting p
        WHERE p.account_ref = a.account_ref AND p.effective_date BETWEEN :date_from AND :date_to
        ORDER BY p.effective_date, p.account_seq LIMIT :limit OFFSET :offset
    ) w ON true
    WHERE a.account_ref = :ref
    """
)


STATEMENT_POSTING_COLUMNS = ("posting_id", "account_seq", "posting_type", "amount", "balance_after",
                             "effective_date", "rent_year", "rent_week", "charge_type", "source", "reason",
                             "posted_by", "posted_at", "channel")


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


class StatementFound(NamedTuple):
    patch: str | None
    body: dict[str, Any]


async def statement(session: AsyncSession, ref: str, date_from: date, date_to: date,
                    limit: int, offset: int = 0) -> StatementFound | None:
    """The account's patch and its statement for the range (its postings from ``offset``, at most
    ``limit``); None if there is no such account."""
    rows = (await session.execute(STATEMENT, {"ref": ref, "date_from": date_from, "date_to": date_to,
                                              "limit": limit, "offset": offset})).all()
    if not rows:
        return None
    first = rows[0]
    opening, debits, credits = Money(first.opening), Money(first.debits), Money(first.credits)
    postings = [dict(zip(STATEMENT_POSTING_COLUMNS, row[4:-1], strict=True)) for row in rows
                if row.posting_id is not None]
    return StatementFound(first.patch, {
        "opening_balance": opening, "debits": debits, "credits": credits,
        "closing_balance": opening + debits - credits, "postings": postings,
        "total_postings": first.total_postings, "offset": offset})


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


POSTED_UNDER = text("SELECT coalesce(sum(amount), 0) FROM posting WHERE source_key = :key")


async def posted_amount(session: AsyncSession, source_key: str) -> Money:
    """What the posting under ``source_key`` moved (zero if none was made)."""
    return Money((await session.execute(POSTED_UNDER, {"key": source_key})).scalar_one())


# Charges posted under the given source-key prefixes (charges/queries.py passes what the
# schedule charged: the debit and its settlements, not an invoice).
CHARGED_BY_WEEK = text(
    """
    SELECT rent_year, rent_week, charge_type, sum(amount) AS amount FROM posting
    WHERE account_ref = :ref AND posting_type = 'charge' AND charge_type IS NOT NULL
      AND source_key LIKE ANY(:prefixes)
    GROUP BY rent_year, rent_week, charge_type
    """
)


async def charged_by_week(session: AsyncSession, account_ref: str, prefixes: list[str]) -> list[Any]:
    """The account's charges by rent year, week and charge type, of the postings under the prefixes."""
    return list(await session.execute(CHARGED_BY_WEEK, {"ref": account_ref, "prefixes": prefixes}))
