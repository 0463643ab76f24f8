"""The daily run: bring each weekly charge to the one in force that day, monitor
arrangements, then evaluate every open case against its policy and replace the
caseloads with ranked recommendations (and held ones, with the reason they are held)."""

from __future__ import annotations

import logging
import time
import uuid
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, insert, select, text

from recovery.arrangements import service as arrangements
from recovery.caseloads import queries as q
from recovery.caseloads.tables import daily_run_table
from recovery.cases import service as cases
from recovery.errors import Conflict
from recovery.former_tenants import service as former_tenants
from recovery.kpis.snapshots import snapshot
from recovery.policy.definitions import PolicyBody
from recovery.policy.queries import load_policies
from recovery.policy.risk import payer_profile, risk_score
from recovery.policy.rules import CaseFacts, evaluate
from recovery.positions import charge_schedule
from shared import audit
from shared.contracts.recovery import RecommendedAction, RecoveryActionsRecommendedV1
from shared.db.unit_of_work import UnitOfWork

log = logging.getLogger(__name__)
EVENT_BATCH = 500
RUN_LOCK = 0x7265636F  # one daily run at a time


@dataclass(frozen=True)
class RunSummary:
    run_id: uuid.UUID
    run_date: date
    accounts_evaluated: int
    recommended: int
    held: int
    periods_assessed: int
    breaches: int
    seconds: Decimal
    phases: dict[str, float] = field(default_factory=dict, compare=False)


def facts_from(row: Any) -> CaseFacts:
    stages = dict(zip(row["stages"] or (), row["stage_dates"] or (), strict=True))
    arrangement = row["arrangement_status"]
    return CaseFacts(
        account_ref=row["account_ref"], arrears=row["balance"], weekly_charge=row["weekly_charge"],
        patch=row["patch"], stages_done=stages, court_date=row["court_date"],
        notice_usable_from=row["notice_usable_from"], notice_expires_on=row["notice_expires_on"],
        order_enforceable=bool(row["order_enforceable"]), disputed=row["charge_disputed"],
        arrangement_kept=arrangement == "active", arrangement_breached=arrangement == "breached",
        benefit_pending=row["benefit_claim_pending"], breathing_space=row["breathing_space"],
        vulnerable_unreviewed=row["vulnerable_unreviewed"], wait_until=row["wait_until"],
        paused_until=row["paused_until"],
        actions_taken=frozenset(row["actions_taken"] or ()),
        last_uc_on=row["last_uc_on"], last_hb_on=row["last_hb_on"], uc_8w=row["uc_8w"], hb_8w=row["hb_8w"],
        paid_8w=row["paid_8w"], last_payment_on=row["last_payment_on"], last_dd_on=row["last_dd_on"],
        last_dd_unpaid_on=row["last_dd_unpaid_on"],
    )


@dataclass(slots=True)
class Recommendation:
    """One row of the caseload, in the recommendation table's column order."""

    recommendation_id: uuid.UUID
    run_id: uuid.UUID
    run_date: date
    case_id: uuid.UUID
    account_ref: str
    patch: str | None
    policy_code: str
    stage: str
    action: str
    letter_type: str | None
    reason: str
    hold: str | None
    risk_score: Decimal
    rank: int | None
    arrears: Decimal
    weeks_in_arrears: Decimal | None
    payer_profile: str
    status: str

    def as_row(self) -> tuple[Any, ...]:
        return tuple(getattr(self, column) for column in q.RECOMMENDATION_COLUMNS)


def recommend(policies: dict[str, PolicyBody], rows: Any, run_id: uuid.UUID, today: date) -> list[Recommendation]:
    """Evaluate each case; rank the actionable ones by risk within each patch."""
    out: list[Recommendation] = []
    for row in rows:
        facts = facts_from(row)
        decision = evaluate(policies[row["policy_code"]], facts, today)
        if decision is None:
            continue
        stage = decision.stage
        out.append(Recommendation(
            uuid.uuid4(), run_id, today, row["case_id"], facts.account_ref, facts.patch, row["policy_code"],
            stage.code, stage.action.value, stage.letter_type, decision.reason, decision.held_by,
            risk_score(facts, today), None, facts.arrears, facts.weeks_in_arrears(), payer_profile(facts, today),
            "held" if decision.held_by else "open",
        ))
    actionable = sorted((r for r in out if r.hold is None), key=lambda r: (r.patch or "", -r.risk_score, r.account_ref))
    rank, patch = 0, object()
    for r in actionable:
        rank = rank + 1 if r.patch == patch else 1
        patch = r.patch
        r.rank = rank
    return out


class _Laps:
    """Seconds per phase, for the run's log line and the benchmark."""

    def __init__(self) -> None:
        self.started = self.last = time.perf_counter()
        self.phases: dict[str, float] = {}

    def __call__(self, phase: str) -> None:
        now = time.perf_counter()
        self.phases[phase] = round(now - self.last, 3)
        self.last = now


async def run(uow: UnitOfWork, today: date, actor: str) -> RunSummary:
    lap = _Laps()
    session = uow.session
    await session.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": RUN_LOCK})
    await q.tune_session(session)
    latest = (await session.execute(select(func.max(daily_run_table.c.run_date)))).scalar()
    if latest == today:
        raise Conflict(f"the daily run for {today} has already been done")
    if latest and latest > today:
        raise Conflict(f"the daily run has already been done for {latest}, after {today}")
    loaded = await load_policies(session)
    policies = {code: body for code, (body, _) in loaded.items()}
    type_policy = {t: code for code, body in policies.items() for t in body.account_types}
    await charge_schedule.apply_in_force(session, today)  # rent changes due by today take effect
    lap("charges")
    await cases.open_and_close(session, today, type_policy)
    await arrangements.complete_cleared(uow, today)  # nothing left to pay
    await former_tenants.close_cleared(uow)
    lap("cases")
    periods, breaches = await arrangements.monitor(uow, today)
    lap("arrangements")
    rows = await q.fetch_facts(session, today)
    lap("facts")
    run_id = uuid.uuid4()
    recs = recommend(policies, rows, run_id, today)
    lap("evaluate")
    await q.copy_recommendations(session, [r.as_row() for r in recs])
    lap("write")
    await _announce(uow, run_id, today, [r for r in recs if r.hold is None])
    lap("events")
    await snapshot(session, today)
    held = sum(1 for r in recs if r.hold is not None)
    summary = RunSummary(run_id, today, len(rows), len(recs) - held, held, periods, breaches,
                         Decimal(time.perf_counter() - lap.started).quantize(Decimal("0.001")), lap.phases)
    columns = {k: v for k, v in asdict(summary).items() if k != "phases"}
    await session.execute(insert(daily_run_table).values(run_by=actor, **columns))
    await audit.record(session, actor=actor, action="daily_run", entity="daily_run", entity_id=str(run_id),
                       after={"run_date": today.isoformat(), "recommended": summary.recommended,
                              "held": held, "breaches": breaches, "phases": lap.phases})
    log.info("daily run", extra={"run_date": today.isoformat(), "seconds": float(summary.seconds), **lap.phases})
    return summary


async def _announce(uow: UnitOfWork, run_id: uuid.UUID, today: date, recs: list[Recommendation]) -> None:
    for batch_no, start in enumerate(range(0, len(recs), EVENT_BATCH), 1):
        uow.emit(RecoveryActionsRecommendedV1(
            run_id=run_id, batch=batch_no, recommended_on=today,
            # Built from rows this run just wrote: nothing to validate again.
            recommendations=[RecommendedAction.model_construct(
                recommendation_id=r.recommendation_id, case_id=r.case_id, account_ref=r.account_ref, action=r.action,
                stage=r.stage, patch=r.patch, risk_score=float(r.risk_score), rank=r.rank)
                for r in recs[start:start + EVENT_BATCH]],
        ))
        await uow.flush_events()
