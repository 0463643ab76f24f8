"""Recovery KPIs from the projection, and the weekly trend from daily-run snapshots."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from recovery.arrangements import queries as arrangements
from recovery.cases import queries as cases
from recovery.former_tenants import queries as former_tenants
from recovery.positions import queries as positions
from recovery.positions import rent_years
from shared.db.unit_of_work import UnitOfWork

# Composed from the SQL fragments the positions' and former tenants' queries export.
CURRENT = text(f"""
SELECT coalesce(sum(balance) FILTER (WHERE balance > 0), 0) AS current_arrears,
       count(*) FILTER (WHERE balance > 0) AS accounts_in_arrears,
       coalesce(sum(weekly_charge), 0) * :weeks AS annual_rent_debit
FROM ({positions.OPEN_ACCOUNTS}) p WHERE account_type IN ('rent', 'temporary_accommodation')
""")
FTA = text(f"""
SELECT coalesce(sum(p.balance) FILTER (WHERE p.balance > 0), 0) AS fta_balance, count(*) AS fta_cases,
       coalesce((SELECT -sum(m.amount) FROM ({positions.COLLECTIONS}) m
                 JOIN ({former_tenants.TENANCY_ENDS}) f2 ON f2.account_ref = m.account_ref
                 WHERE m.effective_date > f2.tenancy_ended_on AND m.effective_date BETWEEN :from_date AND :to_date),
                0) AS fta_collected
FROM ({former_tenants.OPEN_CASE_ACCOUNTS}) f JOIN ({positions.BALANCES}) p USING (account_ref)
""")
TREND = text("""
SELECT DISTINCT ON (date_trunc('week', run_date)) date_trunc('week', run_date)::date AS week_starting,
       current_arrears, accounts_in_arrears, annual_rent_debit, fta_balance, open_cases
FROM arrears_snapshot WHERE run_date BETWEEN :from_date AND :to_date
ORDER BY date_trunc('week', run_date), run_date DESC
""")


def _percent(part: Decimal, whole: Decimal) -> Decimal | None:
    return (Decimal(part) / Decimal(whole) * 100).quantize(Decimal("0.01")) if whole else None


async def kpis(uow: UnitOfWork, from_date: date, to_date: date) -> dict[str, Any]:
    """The annual rent debit is each weekly charge times the collectable weeks (52 or 53, less
    the rent-free weeks) of the rent year `to_date` falls in."""
    s, params = uow.session, {"from_date": from_date, "to_date": to_date}
    rent_year, weeks = await rent_years.collectable_weeks(s, to_date)
    current = (await s.execute(CURRENT, {"weeks": weeks})).mappings().one()
    fta = (await s.execute(FTA, params)).mappings().one()
    kept, assessed = await arrangements.periods_kept(s, from_date, to_date)
    trend = (await s.execute(TREND, params)).mappings().all()
    return {
        "from_date": from_date, "to_date": to_date,
        "current_arrears": current["current_arrears"], "accounts_in_arrears": current["accounts_in_arrears"],
        "annual_rent_debit": current["annual_rent_debit"], "rent_year": rent_year, "collectable_weeks": weeks,
        "arrears_percent_of_annual_debit": _percent(current["current_arrears"], current["annual_rent_debit"]),
        "fta_balance": fta["fta_balance"], "fta_cases": fta["fta_cases"], "fta_collected": fta["fta_collected"],
        "cases_by_stage": await cases.open_cases_by_stage(s),
        "arrangement_periods_assessed": assessed, "arrangement_periods_kept": kept,
        "arrangements_kept_percent": _percent(kept, assessed),
        "weekly_trend": [
            {"week_starting": r["week_starting"].isoformat(), "current_arrears": f"{r['current_arrears']:.2f}",
             "accounts_in_arrears": r["accounts_in_arrears"], "fta_balance": f"{r['fta_balance']:.2f}",
             "open_cases": r["open_cases"],
             "arrears_percent_of_annual_debit": str(_percent(r["current_arrears"], r["annual_rent_debit"]))}
            for r in trend
        ],
    }
