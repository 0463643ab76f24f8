"""The void properties register's rules: which of the last tenancy's charges a void
loses, and the rent loss over a period, priced exactly as the weekly debit would have
charged it (part weeks by the day, rent-free weeks lose nothing)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from billing.charges.rules import ChargePeriod, charge_in_week
from billing.charges.settlement import weeks_between
from shared.contracts.types import ChargeType
from shared.money import Money, total

# Charges personal to the household, not earned by the home: a void does not lose them.
NOT_LOST = {ChargeType.HOME_CONTENTS_INSURANCE, ChargeType.COURT_COSTS, ChargeType.RECHARGEABLE_REPAIR}


VOID_REASONS = ("tenancy_ended", "major_works", "awaiting_repairs", "decant", "awaiting_demolition",
                "held_for_sale", "other")


def lost_charges(charges: Mapping[ChargeType, Money]) -> dict[ChargeType, Money]:
    return {t: a for t, a in charges.items() if t not in NOT_LOST and a > 0}


def weekly_loss(charges: Mapping[ChargeType, Money]) -> Money:
    return total(lost_charges(charges).values())


def rent_loss(charges: Mapping[ChargeType, Money], starts: date, ends: date,
              rent_free: Mapping[int, set[int]]) -> Money:
    """What the home would have been charged from ``starts`` to ``ends`` inclusive."""
    if ends < starts:
        return Money.zero()
    periods = [ChargePeriod("void", t, a, starts, ends) for t, a in lost_charges(charges).items()]
    return total(charge_in_week(p, week) for week in weeks_between(starts, ends)
                 if week.number not in rent_free.get(week.rent_year, set()) for p in periods)


def void_days(starts: date, ends: date | None, period_from: date, period_to: date) -> tuple[date, date] | None:
    """The part of a void inside a reporting period, or None if they do not meet."""
    first, last = max(starts, period_from), min(ends or period_to, period_to)
    return (first, last) if first <= last else None
