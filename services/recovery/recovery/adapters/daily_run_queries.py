"""The set-based SQL of the daily run: open and close cases, fetch every open
case's facts in one query, write recommendations with COPY, snapshot the KPIs."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.adapters import rent_years

OPEN_CASES = text("""
INSERT INTO recovery_case (case_id, account_ref, policy_code, status, opened_on)
SELECT gen_random_uuid(), p.account_ref, m.policy_code, 'open', :today
FROM account_position p
JOIN unnest(CAST(:types AS text[]), CAST(:codes AS text[])) AS m(account_type, policy_code)
  ON m.account_type = p.account_type
WHERE p.status = 'open' AND p.balance > 0
  AND NOT EXISTS (SELECT 1 FROM recovery_case c WHERE c.account_ref = p.account_ref AND c.status = 'open')
""")

# A case whose arrears are cleared closes (the next arrears start at the first stage);
# so does an arrangement with nothing left to pay.
CLOSE_CLEARED = text("""
UPDATE recovery_case c SET status = 'closed', closed_on = :today, closed_reason = 'cleared'
FROM account_position p
WHERE c.account_ref = p.account_ref AND c.status = 'open' AND p.status = 'open' AND p.balance <= 0
""")
COMPLETE_CLEARED = text("""
UPDATE arrangement a SET status = 'completed'
FROM account_position p
WHERE a.account_ref = p.account_ref AND a.status = 'active' AND p.balance <= 0
""")
# A former tenant's debt paid or written off in full closes its case.
CLOSE_CLEARED_FTA = text("""
UPDATE fta_case f SET status = 'closed'
FROM account_position p
WHERE f.account_ref = p.account_ref AND f.status = 'open' AND p.balance <= 0
""")

FACTS = text("""
WITH pay AS (
  SELECT account_ref,
         -sum(amount) AS paid_8w,
         -sum(amount) FILTER (WHERE posting_type = 'hb_credit') AS hb_8w,
         -sum(amount) FILTER (WHERE posting_type = 'uc_credit') AS uc_8w
  FROM money_posting
  WHERE effective_date > CAST(:today AS date) - 56 AND effective_date <= :today
    AND account_ref IN (SELECT account_ref FROM recovery_case WHERE status = 'open')
  GROUP BY account_ref
), bs AS (
  SELECT DISTINCT account_ref FROM breathing_space
  WHERE start_date <= :today AND (least(ends_on, ended_early_on) IS NULL OR least(ends_on, ended_early_on) >= :today)
), arr AS (
  SELECT DISTINCT ON (account_ref) account_ref, status
  FROM arrangement WHERE status IN ('active', 'breached')
  ORDER BY account_ref, created_at DESC
)
SELECT c.case_id, c.policy_code, p.account_ref, p.patch, p.balance, p.weekly_charge, p.last_payment_on,
       p.last_hb_on, p.last_uc_on, p.last_dd_on, p.last_dd_unpaid_on, p.benefit_claim_pending,
       p.charge_disputed, (p.vulnerable AND p.vulnerability_reviewed_on IS NULL) AS vulnerable_unreviewed,
       c.court_date, c.notice_usable_from, c.notice_expires_on,
       ((c.court_order = 'outright_possession' AND coalesce(c.possession_date, :today) <= :today)
        OR (c.court_order = 'suspended_possession' AND c.order_breached)) AS order_enforceable,
       c.stages, c.stage_dates, c.wait_until, c.actions_taken,
       coalesce(pay.paid_8w, 0) AS paid_8w, coalesce(pay.hb_8w, 0) AS hb_8w, coalesce(pay.uc_8w, 0) AS uc_8w,
       bs.account_ref IS NOT NULL AS breathing_space, arr.status AS arrangement_status
FROM recovery_case c
JOIN account_position p ON p.account_ref = c.account_ref
LEFT JOIN pay ON pay.account_ref = c.account_ref
LEFT JOIN bs ON bs.account_ref = c.account_ref
LEFT JOIN arr ON arr.account_ref = c.account_ref
WHERE c.status = 'open' AND p.status = 'open' AND p.balance > 0
""")

SUPERSEDE = text("UPDATE recommendation SET status = 'superseded' WHERE status IN ('open', 'held')")

SNAPSHOT = text("""
INSERT INTO arrears_snapshot (run_date, current_arrears, accounts_in_arrears, annual_rent_debit, fta_balance,
                              open_cases)
SELECT :today,
       coalesce(sum(p.balance) FILTER (WHERE p.balance > 0 AND p.is_rent), 0),
       count(*) FILTER (WHERE p.balance > 0 AND p.is_rent),
       coalesce(sum(p.weekly_charge) FILTER (WHERE p.is_rent), 0) * :weeks,
       coalesce((SELECT sum(fp.balance) FROM fta_case f JOIN account_position fp USING (account_ref)
                 WHERE f.status = 'open' AND fp.balance > 0), 0),
       (SELECT count(*) FROM recovery_case WHERE status = 'open')
FROM (SELECT balance, weekly_charge, account_type = ANY(CAST(:rent AS text[])) AS is_rent
      FROM account_position WHERE status = 'open') p
ON CONFLICT (run_date) DO UPDATE SET current_arrears = excluded.current_arrears,
  accounts_in_arrears = excluded.accounts_in_arrears, annual_rent_debit = excluded.annual_rent_debit,
  fta_balance = excluded.fta_balance, open_cases = excluded.open_cases
""")

# KPIs measure arrears against the rent debit: rent and temporary accommodation accounts.
RENT_TYPES = ("rent", "temporary_accommodation")

RECOMMENDATION_COLUMNS = (
    "recommendation_id", "run_id", "run_date", "case_id", "account_ref", "patch", "policy_code", "stage", "action",
    "letter_type", "reason", "hold", "risk_score", "rank", "arrears", "weeks_in_arrears", "payer_profile", "status",
)


async def open_and_close_cases(session: AsyncSession, today: date, type_policy: dict[str, str]) -> None:
    await session.execute(OPEN_CASES, {"today": today, "types": list(type_policy),
                                       "codes": list(type_policy.values())})
    await session.execute(CLOSE_CLEARED, {"today": today})
    await session.execute(COMPLETE_CLEARED)
    await session.execute(CLOSE_CLEARED_FTA)


async def tune_session(session: AsyncSession) -> None:
    # The planner's cost for the jsonb schedules and the big aggregate triggers JIT
    # compilation that costs more (~0.2 s a query) than the queries themselves; the
    # payments aggregate over every case spills to disk with the default work_mem.
    await session.execute(text("SET LOCAL jit = off"))
    await session.execute(text("SET LOCAL work_mem = '64MB'"))


async def fetch_facts(session: AsyncSession, today: date) -> Sequence[Any]:
    """Every open case's facts in one query, read straight from the driver (tens of
    thousands of rows: SQLAlchemy's row processing would double the time)."""
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    return await raw.driver_connection.fetch(FACTS.text.replace(":today", "$1"), today)  # type: ignore[union-attr]


async def copy_rows(session: AsyncSession, table: str, rows: list[dict[str, Any]]) -> None:
    """COPY rows (dicts with the same keys) into `table`, inside the session's transaction."""
    columns = list(rows[0])
    await _copy(session, table, [tuple(r[c] for c in columns) for r in rows], columns)


async def _copy(session: AsyncSession, table: str, records: list[tuple[Any, ...]], columns: list[str]) -> None:
    connection = await session.connection()
    raw = await connection.get_raw_connection()
    await raw.driver_connection.copy_records_to_table(table, records=records, columns=columns)  # type: ignore[union-attr]


async def copy_recommendations(session: AsyncSession, rows: list[tuple[Any, ...]]) -> None:
    await session.execute(SUPERSEDE)
    if rows:
        await _copy(session, "recommendation", rows, list(RECOMMENDATION_COLUMNS))


async def snapshot(session: AsyncSession, today: date) -> None:
    """The KPI snapshot; the annual rent debit over the collectable weeks of today's rent year."""
    _, weeks = await rent_years.collectable_weeks(session, today)
    await session.execute(SNAPSHOT, {"today": today, "rent": list(RENT_TYPES), "weeks": weeks})
