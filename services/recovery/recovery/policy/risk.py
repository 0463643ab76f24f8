"""Ranking and letter wording: how risky a case is and how the tenant pays."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from recovery.policy.rules import PENNY, ZERO, CaseFacts

PROJECTION_WEEKS = 4
STOPPED_AFTER = timedelta(days=28)
HUNDRED = Decimal(100)


def projected_balance(facts: CaseFacts) -> Decimal:
    """The balance in four weeks if the last eight weeks' payment pattern continues."""
    weekly = facts.weekly_charge or ZERO
    return facts.arrears + PROJECTION_WEEKS * (weekly - facts.paid_8w / 8)


def risk_score(facts: CaseFacts, today: date) -> Decimal:
    """0–100: weeks in arrears, where the payment pattern takes the balance, and
    whether payments have stopped. Higher means look at it first."""
    weekly = facts.weekly_charge
    growth = (projected_balance(facts) - facts.arrears) / weekly if weekly and weekly > 0 else ZERO
    stopped = facts.last_payment_on is None or facts.last_payment_on < today - STOPPED_AFTER
    score = (facts.weeks or ZERO) * 6 + max(growth, ZERO) * 8 + (15 if stopped else 0)
    if facts.arrangement_breached:
        score += 10
    return min(score, HUNDRED).quantize(PENNY)


def payer_profile(facts: CaseFacts, today: date) -> str:
    """Which version of a letter fits how this tenant pays."""
    recent = today - timedelta(days=35)
    if facts.arrangement_breached:
        return "broken_arrangement"
    if facts.last_dd_unpaid_on and (facts.last_dd_on is None or facts.last_dd_unpaid_on >= facts.last_dd_on):
        return "failed_dd"
    if facts.last_uc_on and facts.last_uc_on >= recent:
        return "universal_credit"
    if facts.last_hb_on and facts.last_hb_on >= recent:
        weekly = facts.weekly_charge or ZERO
        return "full_hb" if weekly and facts.hb_8w / 8 >= weekly else "part_hb"
    if facts.last_dd_on and facts.last_dd_on >= recent:
        return "dd_payer"
    return "self_payer"
