"""Direct Debit dates and instalments: working days, bank holidays, monthly = annual / 12."""

from __future__ import annotations

from datetime import date

from payments.domain.direct_debit import (
    collection_dates,
    earliest_collection,
    first_due,
    instalment_for,
    previous_working_day,
    subtract_working_days,
)
from shared.calendar import Frequency
from shared.money import Money


def test_monthly_collection_on_christmas_moves_to_the_next_working_day():
    dates = collection_dates(Frequency.MONTHLY, 25, date(2026, 11, 25), date(2027, 1, 31))
    # 25 Dec 2026 is Christmas (Fri); 26-27 weekend; 28 Dec the Boxing Day substitute.
    assert dates == [date(2026, 11, 25), date(2026, 12, 29), date(2027, 1, 25)]


def test_weekly_fortnightly_and_four_weekly_step_from_the_first_collection():
    start = date(2026, 12, 7)  # a Monday
    assert len(collection_dates(Frequency.WEEKLY, 0, start, date(2027, 1, 3))) == 4
    assert collection_dates(Frequency.FORTNIGHTLY, 0, start, date(2027, 1, 3)) == [date(2026, 12, 7),
                                                                                   date(2026, 12, 21)]
    # 4 Jan 2027 is a Monday and a working day; 1 Feb too.
    assert collection_dates(Frequency.FOUR_WEEKLY, 0, start, date(2027, 2, 1)) == [
        date(2026, 12, 7), date(2027, 1, 4), date(2027, 2, 1)]


def test_first_due_lands_on_the_chosen_day():
    assert first_due(Frequency.MONTHLY, 1, date(2026, 11, 20)) == date(2026, 12, 1)
    assert first_due(Frequency.WEEKLY, 4, date(2026, 11, 20)) == date(2026, 11, 20)  # a Friday
    assert first_due(Frequency.WEEKLY, 0, date(2026, 11, 20)) == date(2026, 11, 23)


def test_advance_notice_counts_working_days_over_bank_holidays():
    # From Fri 18 Dec 2026, ten working days skip Christmas, Boxing Day (28th) and New Year's Day.
    assert earliest_collection(date(2026, 12, 18), 10) == date(2027, 1, 6)
    assert subtract_working_days(date(2027, 1, 6), 10) == date(2026, 12, 18)
    assert previous_working_day(date(2026, 12, 29)) == date(2026, 12, 24)


def test_monthly_instalment_is_the_annual_charge_over_twelve_and_four_weekly_over_thirteen():
    weekly = Money("100.00")
    # The 2026/27 rent year has 52 weeks: 5,200.00 a year.
    assert instalment_for(weekly, Frequency.MONTHLY, date(2026, 12, 1)) == Money("433.33")
    assert instalment_for(weekly, Frequency.FOUR_WEEKLY, date(2026, 12, 1)) == Money("400.00")
    assert instalment_for(weekly, Frequency.WEEKLY, date(2026, 12, 1)) == Money("100.00")


def test_monthly_and_four_weekly_instalments_leave_out_the_rent_free_weeks():
    weekly, christmas = Money("100.00"), frozenset({38, 39})
    # 2026/27: 52 weeks, 2 rent-free: 50 collectable weeks, 5,000.00 a year.
    assert instalment_for(weekly, Frequency.MONTHLY, date(2026, 12, 1), christmas) == Money("416.67")
    assert instalment_for(weekly, Frequency.FOUR_WEEKLY, date(2026, 12, 1), christmas) == Money("384.62")
    # 2030/31 has 53 weeks: 51 collectable.
    assert instalment_for(weekly, Frequency.MONTHLY, date(2030, 12, 2), christmas) == Money("425.00")
    # A weekly or fortnightly payer's instalment stays the weekly charge (collected as charged).
    assert instalment_for(weekly, Frequency.WEEKLY, date(2026, 12, 1), christmas) == Money("100.00")
    assert instalment_for(weekly, Frequency.FORTNIGHTLY, date(2026, 12, 1), christmas) == Money("200.00")
