"""Year-end close: every account's opening + debits − credits = closing for the rent
year, the totals, and control totals by posting type (to reconcile against what
payments received and refunds paid). Once closed, nothing is posted into the year: debit
runs and adjustments dated in it are refused, and any other posting dated in it takes
effect on the first day of the first open year (ledger/writer.py), so last year's
closing is always this year's opening."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from billing.errors import BillingError, Conflict, NotFound
from billing.ledger import statements
from billing.ledger import writer as ledger_writer
from billing.ledger.tables import year_end_balance_table, year_end_table
from shared import audit
from shared.calendar import RentYear
from shared.db.unit_of_work import UnitOfWork

# Set-based: one pass over the postings up to the year end, one row per account.
ACCOUNT_YEAR = text(
    """
    INSERT INTO year_end_balance (rent_year, account_ref, opening, debits, credits, closing)
    SELECT :rent_year, a.account_ref,
           coalesce(sum(p.amount) FILTER (WHERE p.effective_date < :starts), 0),
           coalesce(sum(p.amount) FILTER (WHERE p.effective_date >= :starts AND p.amount > 0), 0),
           coalesce(-sum(p.amount) FILTER (WHERE p.effective_date >= :starts AND p.amount < 0), 0),
           coalesce(sum(p.amount), 0)
    FROM account a LEFT JOIN posting p ON p.account_ref = a.account_ref AND p.effective_date <= :ends
    WHERE a.opened_on <= :ends
    GROUP BY a.account_ref
    """
)


TOTALS = text(
    """
    SELECT count(*) AS accounts, coalesce(sum(opening), 0) AS opening, coalesce(sum(debits), 0) AS debits,
           coalesce(sum(credits), 0) AS credits, coalesce(sum(closing), 0) AS closing,
           count(*) FILTER (WHERE opening + debits - credits <> closing) AS unbalanced
    FROM year_end_balance WHERE rent_year = :rent_year
    """
)


PREVIOUS_CLOSING_MISMATCH = text(
    """
    SELECT count(*) FROM year_end_balance cur JOIN year_end_balance prev
      ON prev.account_ref = cur.account_ref AND prev.rent_year = :rent_year - 1
    WHERE cur.rent_year = :rent_year AND cur.opening <> prev.closing
    """
)


async def close_year(uow: UnitOfWork, rent_year: int, actor: str, today: date) -> dict[str, Any]:
    year = RentYear(rent_year)
    if today <= year.ends:
        raise BillingError(f"rent year {rent_year} runs to {year.ends}; it can be closed after that")
    # No posting may commit between these figures and the close: writers wait for it.
    await ledger_writer.hold_gate(uow.session)
    if await year_closed(uow.session, rent_year):
        raise Conflict(f"rent year {rent_year} is already closed")
    window = {"rent_year": rent_year, "starts": year.starts, "ends": year.ends}
    controls = await statements.control_totals(uow.session, year.starts, year.ends)
    control_json = [{k: (f"{v:.2f}" if isinstance(v, Decimal) else v) for k, v in c.items()} for c in controls]
    await uow.session.execute(insert(year_end_table).values(
        rent_year=rent_year, closed_by=actor, accounts=0, opening=0, debits=0, credits=0, closing=0,
        control_totals=control_json))
    await uow.session.execute(ACCOUNT_YEAR, window)
    totals = (await uow.session.execute(TOTALS, {"rent_year": rent_year})).one()
    stale = (await uow.session.execute(PREVIOUS_CLOSING_MISMATCH, {"rent_year": rent_year})).scalar_one()
    if totals.unbalanced or totals.opening + totals.debits - totals.credits != totals.closing or stale:
        # Cannot happen while the ledger is append-only; refuse rather than record a broken close.
        raise Conflict(f"rent year {rent_year} does not reconcile: {totals.unbalanced} account(s) unbalanced, "
                       f"{stale} opening(s) differ from last year's closing")
    await uow.session.execute(year_end_table.update().where(year_end_table.c.rent_year == rent_year).values(
        accounts=totals.accounts, opening=totals.opening, debits=totals.debits, credits=totals.credits,
        closing=totals.closing))
    await audit.record(uow.session, actor=actor, action="close", entity="rent_year", entity_id=str(rent_year),
                       after={"accounts": totals.accounts, "closing": f"{totals.closing:.2f}"})
    return await get_year_end(uow, rent_year)


async def get_year_end(uow: UnitOfWork, rent_year: int) -> dict[str, Any]:
    row = (await uow.session.execute(
        select(year_end_table).where(year_end_table.c.rent_year == rent_year))).mappings().first()
    if row is None:
        raise NotFound(f"rent year {rent_year} has not been closed")
    result = dict(row)
    result["balanced"] = result["opening"] + result["debits"] - result["credits"] == result["closing"]
    return result


async def year_end_accounts(uow: UnitOfWork, rent_year: int, after: str, limit: int) -> list[dict[str, Any]]:
    t = year_end_balance_table
    rows = await uow.session.execute(
        select(t).where(t.c.rent_year == rent_year, t.c.account_ref > after).order_by(t.c.account_ref).limit(limit))
    return [dict(r) for r in rows.mappings()]


async def year_closed(session: AsyncSession, rent_year: int) -> bool:
    found = await session.execute(select(year_end_table.c.rent_year).where(year_end_table.c.rent_year == rent_year))
    return found.first() is not None
