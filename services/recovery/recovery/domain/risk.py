"""Ranking and letter wording: how risky a case is and how the tenant pays."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from recovery.domain.engine import ZERO, CaseFacts

PROJECTION_WEEKS = 4


def projected_balance(facts: CaseFacts) -> Decimal:
    """The balance in four weeks if the last eight weeks' payment pattern continues."""
    weekly = facts.weekly_charge or ZERO
    return facts.arrears + PROJECTION_WEEKS * (weekly - facts.paid_8w / 8)


def risk_score(facts: CaseFacts, today: date) -> Decimal:
    """0–100: weeks in arrears, where the payment pattern takes the balance, and
    whether payments have stopped. Higher means look at it first."""
    weekly = facts.weekly_charge or Decimal(0)
    weeks = facts.weeks_in_arrears() or Decimal(0)
    projected = projected_balance(facts)
    growth = (projected - facts.arrears) / weekly if weekly > 0 else Decimal(0)
    stopped = facts.last_payment_on is None or facts.last_payment_on < today - timedelta(days=28)
    score = weeks * 6 + max(growth, Decimal(0)) * 8 + (15 if stopped else 0)
    if facts.arrangement_breached:
        score += 10
    return min(score, Decimal(100)).quantize(Decimal("0.01"))


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
