"""The charge that falls due on an account over any run of days, as billing debits it:
the weekly charge in force on each day, nothing in a rent-free week or outside the
tenancy, and part weeks by the day; and the benefit credits projected with their periods."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property, lru_cache

from shared.calendar import RentWeek, part_week_charge, rent_week_of, week_start
from shared.money import Money

ONE_DAY, ONE_WEEK = timedelta(days=1), timedelta(weeks=1)


@dataclass(frozen=True)
class ChargeChange:
    effective_from: date
    weekly_charge: Money
    previous_charge: Money | None = None  # what it replaced (a RentVaried's old total)


@dataclass(frozen=True)
class ChargeHistory:
    changes: tuple[ChargeChange, ...] = ()  # by effective_from
    rent_free: Mapping[int, frozenset[int]] = field(default_factory=dict)  # rent year -> week numbers
    tenancy_starts: date | None = None
    tenancy_ends: date | None = None

    def or_charge(self, weekly: Money) -> ChargeHistory:
        """With no change known, `weekly` throughout."""
        return self if self.changes else replace(self, changes=(ChargeChange(date.min, weekly),))

    def weekly_on(self, day: date) -> Money:
        """The weekly charge in force on `day`; before the first change, what it replaced
        (as the projection applies them)."""
        if not self.changes:
            return Money.zero()
        at = bisect_right(self._starts, day)
        if at:
            return self.changes[at - 1].weekly_charge
        first = self.changes[0]
        return first.previous_charge if first.previous_charge is not None else first.weekly_charge

    def due(self, first: date, last: date) -> Money:
        """The charge for the days `first` to `last` inclusive."""
        lo = max(first, self.tenancy_starts or first)
        hi = min(last, self.tenancy_ends or last)
        if lo > hi:
            return Money.zero()
        owed = Decimal(0)  # summed as Decimal: the daily run reckons thousands of periods
        monday = week_start(lo)
        while monday <= hi:
            week = _rent_week(monday)
            if week.number not in self.rent_free.get(week.rent_year, frozenset()):
                for a, b, weekly in self._spans(max(lo, monday), min(hi, week.ends)):
                    owed += _days_of(weekly, week, a, b)
            monday += ONE_WEEK
        return Money(owed)

    @cached_property
    def _starts(self) -> list[date]:
        return [c.effective_from for c in self.changes]

    def _cuts(self, lo: date, hi: date) -> list[date]:
        """Changes taking effect after `lo` up to `hi`."""
        return self._starts[bisect_right(self._starts, lo):bisect_right(self._starts, hi)]

    def _spans(self, lo: date, hi: date) -> Iterator[tuple[date, date, Money]]:
        """lo..hi split where a change takes effect, each part with its charge."""
        cuts = self._cuts(lo, hi)
        for a, b in zip([lo, *cuts], [*cuts, hi + ONE_DAY], strict=True):
            yield a, b - ONE_DAY, self.weekly_on(a)


@dataclass(frozen=True)
class BenefitCredit:
    """An HB or UC credit with the period it pays for (from PaymentReceived)."""

    amount: Money
    period_from: date
    period_to: date

    def for_days(self, days: int) -> Money:
        """The benefit for `days` at this credit's daily rate."""
        return Money.rounded(self.amount.amount * days / ((self.period_to - self.period_from).days + 1))


def _days_of(weekly: Money, week: RentWeek, first: date, last: date) -> Decimal:
    """The charge for days within one week: a full week (the usual case) is the weekly
    charge as it stands; a part week is shared.calendar's pro-rating, as billing debits it."""
    if first == week.starts and last == week.ends:
        return weekly.amount
    return part_week_charge(weekly, week, first, last).amount


# The daily run asks for the same few weeks again and again.
@lru_cache(maxsize=1024)
def _rent_week(monday: date) -> RentWeek:
    return rent_week_of(monday)
