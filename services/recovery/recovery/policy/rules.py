"""The arrears policy engine: given what is known about a case today, which stage
is due next, and whether something holds it back. Pure: the daily run feeds it facts
fetched in one set-based query."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from recovery.policy.definitions import PolicyBody, StageRule
from recovery.policy.pre_action import missing_steps

ZERO = Decimal("0.00")
PENNY = Decimal("0.01")
WEEKS_PER_MONTH = Decimal(52) / Decimal(12)
HB_PERIOD_WEEKS = Decimal(4)  # HB is paid four-weekly in arrears
BENEFIT_RECENT_DAYS = 35  # a credit this recent means the benefit is in payment


class Hold:
    BREATHING_SPACE = "breathing_space"
    OFFICER_PAUSE = "officer_pause"
    BENEFIT_TIMING = "benefit_timing"
    BENEFIT_PENDING = "benefit_claim_pending"
    ARRANGEMENT_KEPT = "arrangement_kept"
    VULNERABILITY = "vulnerability_senior_review"
    WAITING_PERIOD = "waiting_period"
    PRE_ACTION = "pre_action_protocol"


@dataclass(slots=True)
class CaseFacts:
    account_ref: str
    arrears: Decimal
    weekly_charge: Decimal | None = None
    patch: str | None = None
    stages_done: dict[str, date] = field(default_factory=dict)
    court_date: date | None = None
    notice_usable_from: date | None = None
    notice_expires_on: date | None = None
    order_enforceable: bool = False
    disputed: bool = False
    arrangement_kept: bool = False
    arrangement_breached: bool = False
    benefit_pending: bool = False
    breathing_space: bool = False
    vulnerable_unreviewed: bool = False
    wait_until: date | None = None
    paused_until: date | None = None  # an officer's pause, to the end of this day
    actions_taken: frozenset[str] = frozenset()
    last_uc_on: date | None = None
    last_hb_on: date | None = None
    uc_8w: Decimal = ZERO
    hb_8w: Decimal = ZERO
    paid_8w: Decimal = ZERO
    last_payment_on: date | None = None
    last_dd_on: date | None = None
    last_dd_unpaid_on: date | None = None
    weeks: Decimal | None = field(init=False)

    def __post_init__(self) -> None:
        # Rounded down: £399.99 on a £100 rent is not yet four weeks.
        weekly = self.weekly_charge
        self.weeks = (max(self.arrears, ZERO) / weekly).quantize(PENNY, ROUND_DOWN) if weekly and weekly > 0 else None

    def weeks_in_arrears(self) -> Decimal | None:
        return self.weeks


@dataclass(frozen=True)
class Decision:
    stage: StageRule
    reason: str
    held_by: str | None = None


def next_stage(policy: PolicyBody, facts: CaseFacts) -> StageRule | None:
    """The first stage not yet taken that applies to this case (stages run in order;
    a stage for disputed charges only is skipped for an undisputed one, and back)."""
    for stage in policy.stages:
        if stage.code in facts.stages_done:
            continue
        if stage.disputed is not None and stage.disputed != facts.disputed:
            continue
        return stage
    return None


def trigger_reason(stage: StageRule, facts: CaseFacts, today: date) -> str | None:
    """Why the stage's trigger holds today, or None if it does not."""
    why: list[str] = [f"arrears £{facts.arrears:.2f}"]
    if facts.arrears <= 0 or (stage.min_arrears is not None and facts.arrears <= stage.min_arrears):
        return None
    if stage.min_weeks is not None:
        weeks = facts.weeks_in_arrears()
        if weeks is None or weeks < stage.min_weeks:
            return None
        why.append(f"{weeks} weeks ≥ {stage.min_weeks}")
    for gap in stage.after:
        taken = facts.stages_done.get(gap.stage)
        if taken is None:
            return None
        days = (today - taken).days
        if days < gap.min_days or (gap.max_days is not None and days > gap.max_days):
            return None
        why.append(f"{gap.stage} {days} days ago")
    if stage.no_court_date and facts.court_date is not None:
        return None
    if stage.requires_live_notice and not _notice_live(facts, today):
        return None
    if stage.requires_live_notice:
        why.append(f"NOSP live until {facts.notice_expires_on}")
    if stage.requires_enforceable_order and not facts.order_enforceable:
        return None
    return "; ".join(why)


def _notice_live(facts: CaseFacts, today: date) -> bool:
    return (facts.notice_usable_from is not None and facts.notice_expires_on is not None
            and facts.notice_usable_from <= today <= facts.notice_expires_on)


def benefit_timing_allowance(facts: CaseFacts, today: date) -> Decimal:
    """Arrears explained by UC (monthly in arrears) or HB (4-weekly in arrears) payment
    timing for a tenant whose benefit is in payment; zero if none is."""
    recent = today - timedelta(days=BENEFIT_RECENT_DAYS)
    allowance = ZERO
    if facts.last_uc_on and facts.last_uc_on >= recent and facts.uc_8w > 0:
        allowance = max(allowance, facts.uc_8w / 8 * WEEKS_PER_MONTH)
    if facts.last_hb_on and facts.last_hb_on >= recent and facts.hb_8w > 0:
        allowance = max(allowance, facts.hb_8w / 8 * HB_PERIOD_WEEKS)
    if facts.weekly_charge:
        allowance = min(allowance, facts.weekly_charge * WEEKS_PER_MONTH)
    return allowance.quantize(Decimal("0.01"))


def benefit_status(last_hb_on: date | None, last_uc_on: date | None, claim_pending: bool, today: date) -> str:
    recent = today - timedelta(days=BENEFIT_RECENT_DAYS)
    if last_uc_on and last_uc_on >= recent:
        return "uc_in_payment"
    if last_hb_on and last_hb_on >= recent:
        return "hb_in_payment"
    return "claim_pending" if claim_pending else "none"


def paused_on(paused_until: date | None, today: date) -> bool:
    """Whether an officer's pause holds a case today (to the end of its until-date)."""
    return paused_until is not None and today <= paused_until


def hold_for(policy: PolicyBody, stage: StageRule, facts: CaseFacts, today: date) -> str | None:
    if facts.breathing_space and stage.blocked_by_breathing_space():
        return Hold.BREATHING_SPACE
    if paused_on(facts.paused_until, today):
        return Hold.OFFICER_PAUSE
    if policy.benefit_timing_exempt and facts.arrears <= benefit_timing_allowance(facts, today):
        return Hold.BENEFIT_TIMING
    if facts.benefit_pending:
        return Hold.BENEFIT_PENDING
    if facts.arrangement_kept:
        return Hold.ARRANGEMENT_KEPT
    if policy.vulnerability_needs_senior_review and facts.vulnerable_unreviewed:
        return Hold.VULNERABILITY
    if stage.pre_action_protocol and missing_steps(facts.actions_taken):
        return Hold.PRE_ACTION
    if facts.wait_until is not None and facts.wait_until > today:
        return Hold.WAITING_PERIOD
    return None


def evaluate(policy: PolicyBody, facts: CaseFacts, today: date) -> Decision | None:
    """The next stage due on this case today (possibly held back), or None."""
    stage = next_stage(policy, facts)
    if stage is None:
        return None
    reason = trigger_reason(stage, facts, today)
    if reason is None:
        return None
    held_by = hold_for(policy, stage, facts, today)
    if held_by == Hold.PRE_ACTION:
        reason += f"; pre-action protocol steps missing: {', '.join(missing_steps(facts.actions_taken))}"
    return Decision(stage, reason, held_by)
