"""Direct Debit rules: collection dates on working days, instalments, notice dates.

Which rent weeks a collection pays for: a weekly collection pays for the rent week its
nominal date falls in (the chosen collection day, before a weekend or bank holiday moves it
to the next working day, so each rent week has exactly one collection), a fortnightly
collection for that week and the next. Rent-free weeks among them are not collected.
Monthly and 4-weekly instalments are instead the year's collectable charge spread evenly,
so they are collected in every period.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from datetime import date, timedelta

from payments.domain.exceptions import PaymentsError
from shared.calendar import (
    Frequency,
    RentWeek,
    add_working_days,
    instalment,
    is_working_day,
    next_working_day,
    rent_week_of,
    rent_year_of,
)
from shared.money import Money

STEP_DAYS = {Frequency.WEEKLY: 7, Frequency.FORTNIGHTLY: 14, Frequency.FOUR_WEEKLY: 28}
WEEKS_COVERED = {Frequency.WEEKLY: 1, Frequency.FORTNIGHTLY: 2}

RentFreeWeeks = Mapping[int, frozenset[int]]  # rent year -> its rent-free week numbers


def check_collection_day(frequency: Frequency, collection_day: int) -> None:
    if frequency is Frequency.MONTHLY and not 1 <= collection_day <= 28:
        raise PaymentsError("a monthly collection day must be 1 to 28")
    if frequency is not Frequency.MONTHLY and not 0 <= collection_day <= 4:
        raise PaymentsError("a weekly/fortnightly/4-weekly collection day is a weekday, 0 (Monday) to 4 (Friday)")


def first_due(frequency: Frequency, collection_day: int, earliest: date) -> date:
    """The first nominal collection date on the chosen day that is not before ``earliest``."""
    if frequency is Frequency.MONTHLY:
        candidate = earliest.replace(day=collection_day)
        if candidate < earliest:
            candidate = _add_month(candidate, collection_day)
        return candidate
    return earliest + timedelta(days=(collection_day - earliest.weekday()) % 7)


def _add_month(day: date, collection_day: int) -> date:
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, min(collection_day, calendar.monthrange(year, month)[1]))


def nominal_dates(frequency: Frequency, collection_day: int, anchor: date, until: date) -> list[date]:
    dates, current = [], anchor
    while current <= until:
        dates.append(current)
        current = (_add_month(current, collection_day) if frequency is Frequency.MONTHLY
                   else current + timedelta(days=STEP_DAYS[frequency]))
    return dates


def schedule(frequency: Frequency, collection_day: int, anchor: date, until: date) -> list[tuple[date, date]]:
    """(nominal date, collection date) from ``anchor`` to ``until``: the collection (entry) date
    is the nominal date moved to the next working day when it falls on a weekend or bank holiday."""
    nominal = nominal_dates(frequency, collection_day, anchor, until + timedelta(days=7))
    return [(d, next_working_day(d)) for d in nominal if next_working_day(d) <= until]


def collection_dates(frequency: Frequency, collection_day: int, anchor: date, until: date) -> list[date]:
    """Collection (entry) dates from ``anchor`` to ``until``, rent-free weeks not considered."""
    return [on for _, on in schedule(frequency, collection_day, anchor, until)]


def weeks_covered(frequency: Frequency, nominal: date) -> list[RentWeek]:
    """The rent weeks a weekly (one) or fortnightly (two) collection pays for, from the week of
    its nominal date; none for monthly and 4-weekly. The two weeks may be in different rent years."""
    return [rent_week_of(nominal + timedelta(weeks=n)) for n in range(WEEKS_COVERED.get(frequency, 0))]


def collection_amount(amount: Money, frequency: Frequency, nominal: date, rent_free: RentFreeWeeks) -> Money:
    """What the collection due on ``nominal`` takes of the mandate's instalment ``amount``:
    weekly and fortnightly take the share of the weeks covered that are not rent-free (zero:
    nothing is collected); monthly and 4-weekly take the instalment, already spread over the
    collectable weeks. ``rent_free`` must hold every rent year of the weeks covered."""
    covered = weeks_covered(frequency, nominal)
    payable = sum(1 for week in covered if week.number not in rent_free[week.rent_year])
    if payable == len(covered):
        return amount
    return Money.rounded(amount.amount * payable / len(covered))


def previous_working_day(day: date) -> date:
    day -= timedelta(days=1)
    while not is_working_day(day):
        day -= timedelta(days=1)
    return day


def subtract_working_days(day: date, count: int) -> date:
    for _ in range(count):
        day = previous_working_day(day)
    return day


def earliest_collection(today: date, notice_working_days: int) -> date:
    """A first or changed collection needs ``notice_working_days`` working days' notice from today."""
    return add_working_days(today, notice_working_days)


def instalment_for(weekly: Money, frequency: Frequency, on: date,
                   rent_free_weeks: frozenset[int] = frozenset()) -> Money:
    """Monthly = the rent year's collectable charge (weekly x the year's weeks that are not
    rent-free) / 12; four-weekly = / 13; weekly and fortnightly the charge for a full week or
    fortnight (collection_amount leaves out the rent-free weeks of each collection).
    ``rent_free_weeks`` are those of the rent year ``on`` falls in."""
    spread = frequency in (Frequency.MONTHLY, Frequency.FOUR_WEEKLY)
    return instalment(weekly, frequency, rent_year_of(on), rent_free_weeks if spread else frozenset())
