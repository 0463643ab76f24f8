"""The daily run's KPI snapshot: arrears, the annual rent debit, former tenant
balances and open cases on the run's date (the weekly trend reads them)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.cases import queries as cases
from recovery.former_tenants import queries as former_tenants
from recovery.positions import queries as positions
from recovery.positions import rent_years

# Composed from the SQL fragments the positions', former tenants' and cases' queries export.
SNAPSHOT = text(f"""
INSERT INTO arrears_snapshot (run_date, current_arrears, accounts_in_arrears, annual_rent_debit, fta_balance,
                              open_cases)
SELECT :today,
       coalesce(sum(p.balance) FILTER (WHERE p.balance > 0 AND p.is_rent), 0),
       count(*) FILTER (WHERE p.balance > 0 AND p.is_rent),
       coalesce(sum(p.weekly_charge) FILTER (WHERE p.is_rent), 0) * :weeks,
       coalesce((SELECT sum(fp.balance) FROM ({former_tenants.OPEN_CASE_ACCOUNTS}) f
                 JOIN ({positions.BALANCES}) fp USING (account_ref) WHERE fp.balance > 0), 0),
       ({cases.OPEN_CASE_COUNT})
FROM (SELECT balance, weekly_charge, account_type = ANY(CAST(:rent AS text[])) AS is_rent
      FROM ({positions.OPEN_ACCOUNTS}) o) p
ON CONFLICT (run_date) DO UPDATE SET current_arrears = excluded.current_arrears,
  accounts_in_arrears = excluded.accounts_in_arrears, annual_rent_debit = excluded.annual_rent_debit,
  fta_balance = excluded.fta_balance, open_cases = excluded.open_cases
""")

# KPIs measure arrears against the rent debit: rent and temporary accommodation accounts.
RENT_TYPES = ("rent", "temporary_accommodation")


async def snapshot(session: AsyncSession, today: date) -> None:
    """The KPI snapshot; the annual rent debit over the collectable weeks of today's rent year."""
    _, weeks = await rent_years.collectable_weeks(session, today)
    await session.execute(SNAPSHOT, {"today": today, "rent": list(RENT_TYPES), "weeks": weeks})
