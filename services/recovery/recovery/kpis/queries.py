"""Recovery KPIs from the projection, and the weekly trend from daily-run snapshots."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import text

from recovery.positions import rent_years
from shared.db.unit_of_work import UnitOfWork

CURRENT = text("""
SELECT coalesce(sum(balance) FILTER (WHERE balance > 0), 0) AS current_arrears,
       count(*) FILTER (WHERE balance > 0) AS accounts_in_arrears,
       coalesce(sum(weekly_charge), 0) * :weeks AS annual_rent_debit
FROM account_position WHERE status = 'open' AND account_type IN ('rent', 'temporary_accommodation')
""")
FTA = text("""
SELECT coalesce(sum(p.balance) FILTER (WHERE p.balance > 0), 0) AS fta_balance, count(*) AS fta_cases,
       coalesce((SELECT -sum(m.amount) FROM money_posting m JOIN fta_case f2 ON f2.account_ref = m.account_ref
                 WHERE m.effective_date > f2.tenancy_ended_on AND m.effective_date BETWEEN :from_date AND :to_date
                   AND m.posting_type IN ('payment', 'dd_collection', 'payment_reversal', 'dd_unpaid')), 0)
         AS fta_collected
FROM fta_case f JOIN account_position p USING (account_ref) WHERE f.status = 'open'
""")
STAGES = text("""
SELECT coalesce(stage, 'not_started') AS stage, count(*) AS cases FROM recovery_case WHERE status = 'open'
GROUP BY 1 ORDER BY 1
""")
KEPT = text("""
SELECT count(*) FILTER (WHERE kept) AS kept, count(kept) AS assessed FROM arrangement_period
WHERE period_end BETWEEN :from_date AND :to_date
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
    kept = (await s.execute(KEPT, params)).mappings().one()
    trend = (await s.execute(TREND, params)).mappings().all()
    return {
        "from_date": from_date, "to_date": to_date,
        "current_arrears": current["current_arrears"], "accounts_in_arrears": current["accounts_in_arrears"],
        "annual_rent_debit": current["annual_rent_debit"], "rent_year": rent_year, "collectable_weeks": weeks,
        "arrears_percent_of_annual_debit": _percent(current["current_arrears"], current["annual_rent_debit"]),
        "fta_balance": fta["fta_balance"], "fta_cases": fta["fta_cases"], "fta_collected": fta["fta_collected"],
        "cases_by_stage": {r["stage"]: r["cases"] for r in (await s.execute(STAGES)).mappings()},
        "arrangement_periods_assessed": kept["assessed"], "arrangement_periods_kept": kept["kept"],
        "arrangements_kept_percent": _percent(kept["kept"], kept["assessed"]),
        "weekly_trend": [
            {"week_starting": r["week_starting"].isoformat(), "current_arrears": f"{r['current_arrears']:.2f}",
             "accounts_in_arrears": r["accounts_in_arrears"], "fta_balance": f"{r['fta_balance']:.2f}",
             "open_cases": r["open_cases"],
             "arrears_percent_of_annual_debit": str(_percent(r["current_arrears"], r["annual_rent_debit"]))}
            for r in trend
        ],
    }
