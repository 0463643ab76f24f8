"""Report queries: the rent roll, the debit by charge type, leasehold invoice runs."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

RENT_ROLL = text(
    """
    SELECT a.account_ref, a.account_type, a.tenancy_ref, a.property_ref, a.patch,
           coalesce(jsonb_object_agg(c.charge_type, CAST(c.weekly_amount AS text))
                    FILTER (WHERE c.id IS NOT NULL), '{}') AS charges,
           coalesce(sum(c.weekly_amount), 0) AS weekly_total,
           (SELECT coalesce(sum(p.amount), 0) FROM posting p
             WHERE p.account_ref = a.account_ref AND p.effective_date <= :as_at) AS balance
    FROM account a
    LEFT JOIN charge c ON c.account_ref = a.account_ref AND c.effective_from <= :as_at
         AND (c.effective_to IS NULL OR c.effective_to >= :as_at)
    WHERE a.opened_on <= :as_at AND (a.closed_on IS NULL OR a.closed_on >= :as_at) AND a.account_ref > :after
      AND (CAST(:patch AS varchar) IS NULL OR a.patch = :patch)
    GROUP BY a.account_ref ORDER BY a.account_ref LIMIT :limit
    """
)


DEBIT_SUMMARY = text(
    """
    SELECT coalesce(charge_type, 'unspecified') AS charge_type, count(*) AS postings,
           count(DISTINCT account_ref) AS accounts,
           coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS debits,
           coalesce(sum(amount) FILTER (WHERE amount < 0), 0) AS reductions,
           sum(amount) AS net
    FROM posting WHERE posting_type = 'charge' AND effective_date BETWEEN :date_from AND :date_to
    GROUP BY 1 ORDER BY 1
    """
)


INVOICE_RUNS = text(
    """
    SELECT run_ref, invoice_type, scheme_ref, count(*) AS invoices,
           coalesce(sum(amount) FILTER (WHERE amount > 0), 0) AS charged,
           coalesce(sum(amount) FILTER (WHERE amount < 0), 0) AS credited, sum(amount) AS net,
           min(due_date) AS first_due, max(due_date) AS last_due, min(raised_at) AS raised_at,
           min(raised_by) AS raised_by
    FROM service_charge_invoice
    WHERE (CAST(:invoice_type AS varchar) IS NULL OR invoice_type = :invoice_type)
    GROUP BY run_ref, invoice_type, scheme_ref ORDER BY min(raised_at), run_ref
    """
)


async def rent_roll(session: AsyncSession, as_at: date, *, limit: int, after: str = "",
                    patch: str | None = None) -> list[dict[str, Any]]:
    rows = await session.execute(RENT_ROLL, {"as_at": as_at, "after": after, "limit": limit, "patch": patch})
    return [dict(r) for r in rows.mappings()]


async def debit_summary(session: AsyncSession, date_from: date, date_to: date) -> list[dict[str, Any]]:
    rows = await session.execute(DEBIT_SUMMARY, {"date_from": date_from, "date_to": date_to})
    return [dict(r) for r in rows.mappings()]


async def invoice_runs(session: AsyncSession, invoice_type: str | None) -> list[dict[str, Any]]:
    return [dict(r) for r in (await session.execute(INVOICE_RUNS, {"invoice_type": invoice_type})).mappings()]
