"""Pre-action protocol for possession claims based on rent arrears: the steps that
must have happened before a court referral."""

from __future__ import annotations

# Each required step and the recorded actions that evidence it.
REQUIRED_STEPS: dict[str, frozenset[str]] = {
    "contact_attempted": frozenset({"call", "visit", "contact_attempted"}),
    "benefit_position_checked": frozenset({"benefit_checked"}),
    "arrangement_offered": frozenset({"arrangement_offered", "arrangement_made"}),
    "debt_advice_signposted": frozenset({"debt_advice_signposted"}),
}


def missing_steps(actions_taken: set[str]) -> list[str]:
    return [step for step, evidence in REQUIRED_STEPS.items() if not evidence & actions_taken]
