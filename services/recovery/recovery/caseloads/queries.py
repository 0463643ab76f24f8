"""The set-based SQL of the daily run: every open case's facts in one query (it reads
the positions, cases, payments, Breathing Space and arrangements together, tens of
thousands of rows at once, composed from the SQL fragments those packages' queries
export), and the recommendations written with COPY."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.arrangements import queries as arrangements
from recovery.breathing_space import queries as breathing_space
from recovery.bulk_copy import copy_records
from recovery.cases import queries as cases
from recovery.positions import queries as positions

# Composed from the fragments each package owns (none of their tables is named here).
FACTS = text(f"""
WITH pay AS ({positions.money_in_last_8_weeks(cases.OPEN_CASE_ACCOUNTS)}
), bs AS (
  {breathing_space.IN_FORCE_TODAY}
), arr AS ({arrangements.LIVE_STATUS}
)
SELECT c.case_id, c.policy_code, p.account_ref, p.patch, p.balance, p.weekly_charge, p.last_payment_on,
       p.last_hb_on, p.last_uc_on, p.last_dd_on, p.last_dd_unpaid_on, p.benefit_claim_pending,
       p.charge_disputed, p.vulnerable_unreviewed,
       c.court_date, c.notice_usable_from, c.notice_expires_on, c.order_enforceable,
       c.stages, c.stage_dates, c.wait_until, c.actions_taken, c.paused_until,
       coalesce(pay.paid_8w, 0) AS paid_8w, coalesce(pay.hb_8w, 0) AS hb_8w, coalesce(pay.uc_8w, 0) AS uc_8w,
       bs.account_ref IS NOT NULL AS breathing_space, arr.status AS arrangement_status
FROM ({cases.OPEN_CASE_FACTS}) c
JOIN ({positions.OPEN_IN_ARREARS}) p ON p.account_ref = c.account_ref
LEFT JOIN pay ON pay.account_ref = c.account_ref
LEFT JOIN bs ON bs.account_ref = c.account_ref
LEFT JOIN arr ON arr.account_ref = c.account_ref
""")

SUPERSEDE = text("UPDATE recommendation SET status = 'superseded' WHERE status IN ('open', 'held')")

RECOMMENDATION_COLUMNS = (
    "recommendation_id", "run_id", "run_date", "case_id", "account_ref", "patch", "policy_code", "stage", "action",
    "letter_type", "reason", "hold", "risk_score", "rank", "arrears", "weeks_in_arrears", "payer_profile", "status",
)


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


async def copy_recommendations(session: AsyncSession, rows: list[tuple[Any, ...]]) -> None:
    await session.execute(SUPERSEDE)
    if rows:
        await copy_records(session, "recommendation", rows, list(RECOMMENDATION_COLUMNS))


# The ids (as text, as the audit log keeps them) of the account :account_ref's recommendations.
RECOMMENDATION_IDS_OF_ACCOUNT = "SELECT recommendation_id::text FROM recommendation WHERE account_ref = :account_ref"
