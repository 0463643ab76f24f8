"""Rent weeks, rent years, England and Wales working days, and part-week pro-rating.

A rent week starts on Monday. A rent year starts on the first Monday of April and
runs to the day before the first Monday of the next April, so it has 52 or 53 weeks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from functools import lru_cache

import holidays

from shared.money import Money

DAYS_IN_WEEK = 7


def week_start(day: date) -> date:
    """The Monday of the week containing `day`."""
    return day - timedelta(days=day.weekday())


def first_monday_of_april(year: int) -> date:
    first = date(year, 4, 1)
    return first + timedelta(days=(7 - first.weekday()) % 7)


@dataclass(frozen=True, order=True)
class RentWeek:
    rent_year: int
    number: int
    starts: date

    @property
    def ends(self) -> date:
        return self.starts + timedelta(days=6)

    @property
    def label(self) -> str:
        return f"{self.rent_year}/{(self.rent_year + 1) % 100:02d} wk {self.number}"

    def contains(self, day: date) -> bool:
        return self.starts <= day <= self.ends


@dataclass(frozen=True)
class RentYear:
    """The rent year that begins in April of `year` (the 2026/27 rent year is 2026)."""

    year: int

    @property
    def starts(self) -> date:
        return first_monday_of_april(self.year)

    @property
    def ends(self) -> date:
        return first_monday_of_april(self.year + 1) - timedelta(days=1)

    @property
    def week_count(self) -> int:
        return ((self.ends - self.starts).days + 1) // DAYS_IN_WEEK

    def week(self, number: int) -> RentWeek:
        if not 1 <= number <= self.week_count:
            raise ValueError(
                f"rent year {self.year} has weeks 1 to {self.week_count}, not {number}"
            )
        return RentWeek(self.year, number, self.starts + timedelta(weeks=number - 1))

    def weeks(self) -> list[RentWeek]:
        return [self.week(n) for n in range(1, self.week_count + 1)]

    def collectable_weeks(self, rent_free_weeks: frozenset[int] | set[int] = frozenset()) -> int:
        return self.week_count - len({w for w in rent_free_weeks if 1 <= w <= self.week_count})


def rent_year_of(day: date) -> RentYear:
    year = day.year if day >= first_monday_of_april(day.year) else day.year - 1
    return RentYear(year)


def rent_week_of(day: date) -> RentWeek:
    year = rent_year_of(day)
    return year.week((day - year.starts).days // DAYS_IN_WEEK + 1)


# --- working days ------------------------------------------------------------


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_bank_holiday(day: date) -> bool:
    return day in _bank_holidays(day.year)


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and not is_bank_holiday(day)


def next_working_day(day: date) -> date:
    """`day` itself if it is a working day, otherwise the next one."""
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def add_working_days(day: date, count: int) -> date:
    """The working day `count` working days after `day` (count >= 0)."""
    if count < 0:
        raise ValueError("count must not be negative")
    current = day
    while count:
        current += timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end`."""
    days, current = 0, start
    while current < end:
        current += timedelta(days=1)
        days += is_working_day(current)
    return days


# --- pro-rating ----------------------------------------------------------------


def daily_rate(weekly: Money) -> Money:
    return Money.rounded(weekly.amount / DAYS_IN_WEEK)


def day_charges(weekly: Money) -> list[Money]:
    """The charge for each day Monday..Sunday; Sunday absorbs the rounding remainder,
    so the seven days always sum exactly to the weekly charge."""
    daily = daily_rate(weekly)
    return [daily] * 6 + [weekly - daily * 6]


def part_week_charge(weekly: Money, week: RentWeek, first_day: date, last_day: date) -> Money:
    """The charge for the days of `week` from `first_day` to `last_day` inclusive
    (clipped to the week). A full week is exactly the weekly charge."""
    first = max(first_day, week.starts)
    last = min(last_day, week.ends)
    if first > last:
        return Money.zero()
    charges = day_charges(weekly)
    return sum(
        (charges[(first - week.starts).days + i] for i in range((last - first).days + 1)),
        Money.zero(),
    )


class Frequency(StrEnum):
    WEEKLY = "weekly"
    FORTNIGHTLY = "fortnightly"
    FOUR_WEEKLY = "four_weekly"
    MONTHLY = "monthly"


def instalment(
    weekly: Money, frequency: Frequency, year: RentYear, rent_free_weeks: frozenset[int] = frozenset()
) -> Money:
    """What a payer on `frequency` owes per instalment for a weekly charge: the year's
    collectable charge spread evenly (× weeks ÷ 12 monthly, ÷ 13 four-weekly)."""
    annual = weekly * year.collectable_weeks(rent_free_weeks)
    if frequency is Frequency.WEEKLY:
        return Money.rounded(annual.amount / year.week_count)
    if frequency is Frequency.FORTNIGHTLY:
        return Money.rounded(annual.amount * 2 / year.week_count)
    if frequency is Frequency.FOUR_WEEKLY:
        return Money.rounded(annual.amount / 13)
    return Money.rounded(annual.amount / 12)
