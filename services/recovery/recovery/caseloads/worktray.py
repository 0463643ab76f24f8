"""A patch's worktray: its accounts with their case, today's recommendation, holds and
arrangement, one tab at a time, filtered and paged. One statement composed from the
fragments the positions, cases, arrangements and Breathing Space packages export."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.arrangements import queries as arrangements
from recovery.breathing_space import queries as breathing_space
from recovery.cases import queries as cases
from recovery.policy.rules import Hold
from recovery.positions import queries as positions


class Tab(StrEnum):
    RECOMMENDED = "recommended"  # today's actionable recommendations, ranked by risk
    PAUSED = "paused"  # held: Breathing Space, an officer's pause, benefit, vulnerability
    ARRANGEMENTS = "arrangements"  # a live (active or breached) arrangement
    COURT = "court"  # a court hearing or eviction date today or later
    ALL = "all"  # the whole patch: every account in arrears or with an open case


# The holds that put a case on the paused tab (waiting periods, missing pre-action steps
# and kept arrangements are holds too, but ask nothing of the officer or have their own tab).
PAUSING_HOLDS = (Hold.BREATHING_SPACE, Hold.OFFICER_PAUSE, Hold.BENEFIT_TIMING, Hold.BENEFIT_PENDING,
                 Hold.VULNERABILITY)

_WHERE = {
    Tab.RECOMMENDED: "r.status = 'open'",
    Tab.PAUSED: "(c.paused_until >= :today OR bs.account_ref IS NOT NULL OR r.hold = ANY(CAST(:pausing AS text[])))",
    Tab.ARRANGEMENTS: "arr.account_ref IS NOT NULL",
    Tab.COURT: "(c.court_date >= :today OR c.eviction_date >= :today)",
    Tab.ALL: "(p.balance > 0 OR c.case_id IS NOT NULL)",
}
_ORDER = {
    Tab.RECOMMENDED: "r.rank NULLS LAST, r.risk_score DESC",
    Tab.PAUSED: "r.risk_score DESC NULLS LAST, p.balance DESC",
    Tab.ARRANGEMENTS: "arr.status DESC, p.balance DESC",  # breached first
    Tab.COURT: "least(CASE WHEN c.court_date >= :today THEN c.court_date END, "
               "CASE WHEN c.eviction_date >= :today THEN c.eviction_date END)",
    Tab.ALL: "r.risk_score DESC NULLS LAST, p.balance DESC",
}

WORKTRAY = f"""
WITH p AS ({positions.PATCH_ACCOUNTS}
), c AS ({cases.OPEN_CASE_WORK}
), arr AS ({arrangements.LIVE_ARRANGEMENTS}
), bs AS (
  {breathing_space.IN_FORCE_TODAY}
), r AS (
  SELECT DISTINCT ON (account_ref) account_ref, recommendation_id, stage, action, hold, reason, risk_score, rank,
         run_date, status
  FROM recommendation WHERE patch = :patch AND status IN ('open', 'held')
  ORDER BY account_ref, run_date DESC, rank NULLS LAST
)
SELECT p.account_ref, p.lead_tenant, p.balance, p.weekly_charge,
       CASE WHEN p.weekly_charge > 0 THEN trunc(greatest(p.balance, 0) / p.weekly_charge, 1) END
         AS weeks_in_arrears,
       p.last_payment_on, p.last_payment_amount, coalesce(c.stage, 'not_started') AS stage, c.case_id,
       r.recommendation_id, r.action AS recommended_action, r.stage AS recommended_stage, r.reason, r.rank,
       r.risk_score AS risk, r.run_date AS recommended_on,
       CASE WHEN bs.account_ref IS NOT NULL THEN 'breathing_space'
            WHEN c.paused_until >= :today THEN 'officer_pause' ELSE r.hold END AS hold,
       CASE WHEN c.paused_until >= :today THEN c.pause_reason END AS pause_reason,
       CASE WHEN c.paused_until >= :today THEN c.pause_note END AS pause_note,
       CASE WHEN c.paused_until >= :today THEN c.paused_until END AS paused_until,
       arr.arrangement_id, arr.status AS arrangement_status, arr.frequency AS arrangement_frequency,
       arr.instalment AS arrangement_instalment, c.court_date, c.eviction_date, c.court_order,
       count(*) OVER () AS total
FROM p
LEFT JOIN c ON c.account_ref = p.account_ref
LEFT JOIN r ON r.account_ref = p.account_ref
LEFT JOIN arr ON arr.account_ref = p.account_ref
LEFT JOIN bs ON bs.account_ref = p.account_ref
WHERE {{where}}
  AND (CAST(:stage AS text) IS NULL OR coalesce(c.stage, 'not_started') = :stage)
  AND (CAST(:action AS text) IS NULL OR r.action = :action)
ORDER BY {{order}}, p.account_ref
LIMIT :limit OFFSET :offset
"""
_STATEMENTS = {tab: text(WORKTRAY.format(where=_WHERE[tab], order=_ORDER[tab])) for tab in Tab}


@dataclass(frozen=True)
class WorktrayQuery:
    patch: str
    tab: Tab
    today: date
    stage: str | None = None
    action: str | None = None
    limit: int = 50
    offset: int = 0


async def worktray(session: AsyncSession, q: WorktrayQuery) -> tuple[list[Any], int]:
    """One page of the tab's rows and how many rows the tab holds in all."""
    rows = (await session.execute(_STATEMENTS[q.tab], {
        "patch": q.patch, "today": q.today, "stage": q.stage, "action": q.action, "limit": q.limit,
        "offset": q.offset, "pausing": list(PAUSING_HOLDS),
    })).mappings().all()
    total = rows[0]["total"] if rows else await _count(session, q)
    return list(rows), total


async def _count(session: AsyncSession, q: WorktrayQuery) -> int:
    """A page past the end has no row to carry the count: ask for the first row instead."""
    if q.offset == 0:
        return 0
    _, total = await worktray(session, WorktrayQuery(q.patch, q.tab, q.today, q.stage, q.action, 1, 0))
    return total
