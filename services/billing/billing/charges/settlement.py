"""Re-pricing weeks already (or not yet) charged when a tenancy changes: a backdated
charge change or a termination makes the ledger's charges for some weeks differ from
what the schedule now says; the difference is posted, never an edit."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from billing.charges.rules import ChargePeriod, week_charges
from shared.calendar import RentWeek, RentYear, rent_week_of
from shared.contracts.types import ChargeType
from shared.money import Money

WeekKey = tuple[int, int]


@dataclass(frozen=True)
class Correction:
    week: RentWeek
    charge_type: ChargeType
    amount: Money  # debit positive: charged too little; negative: charged for days not due


def weeks_between(first: date, last: date) -> list[RentWeek]:
    weeks, week = [], rent_week_of(first)
    while week.starts <= last:
        weeks.append(week)
        week = rent_week_of(week.ends + timedelta(days=1))
    return weeks


def corrections(
    periods: Iterable[ChargePeriod],
    charged: Mapping[WeekKey, Mapping[ChargeType, Money]],
    weeks: Iterable[RentWeek],
    rent_free: Mapping[int, set[int]],
) -> list[Correction]:
    periods = list(periods)
    found: list[Correction] = []
    for week in weeks:
        free = week.number in rent_free.get(week.rent_year, set())
        due = {} if free else {ct: amount for (_, ct), amount in week_charges(periods, week).items()}
        held = charged.get((week.rent_year, week.number), {})
        for charge_type in sorted(set(due) | set(held)):
            difference = due.get(charge_type, Money.zero()) - held.get(charge_type, Money.zero())
            if difference:
                found.append(Correction(week, charge_type, difference))
    return found


def final_weeks(start: date, end: date, charged: Iterable[WeekKey]) -> list[RentWeek]:
    """Weeks to settle when a tenancy ends on ``end``: every week not yet charged up to
    the end week, and every week charged after it."""
    keys = sorted(charged)
    last_charged = None
    if keys:
        year, number = keys[-1]
        last_charged = RentYear(year).week(number)
    first = start if last_charged is None else min(end, last_charged.ends + timedelta(days=1))
    last = end if last_charged is None else max(end, last_charged.starts)
    return weeks_between(max(first, start), last)
