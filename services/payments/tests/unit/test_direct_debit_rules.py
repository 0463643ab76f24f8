"""Direct Debit dates and instalments: working days, bank holidays, monthly = annual / 12."""

from __future__ import annotations

from datetime import date

from payments.direct_debits.rules import (
    collection_amount,
    collection_dates,
    earliest_collection,
    first_due,
    instalment_for,
    previous_working_day,
    schedule,
    subtract_working_days,
    weeks_covered,
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


# 2026/27 rent weeks 38 and 39 start on Mon 21 and Mon 28 Dec 2026.
CHRISTMAS = {2026: frozenset({38, 39}), 2027: frozenset()}


def test_a_weekly_collection_in_a_rent_free_week_takes_nothing():
    weekly = Money("100.00")
    assert collection_amount(weekly, Frequency.WEEKLY, date(2026, 12, 14), CHRISTMAS) == weekly
    assert not collection_amount(weekly, Frequency.WEEKLY, date(2026, 12, 21), CHRISTMAS)
    assert not collection_amount(weekly, Frequency.WEEKLY, date(2027, 1, 1), CHRISTMAS)
    assert collection_amount(weekly, Frequency.WEEKLY, date(2027, 1, 4), CHRISTMAS) == weekly


def test_a_fortnightly_collection_takes_the_weeks_it_covers_that_are_not_rent_free():
    fortnight = Money("200.00")
    assert collection_amount(fortnight, Frequency.FORTNIGHTLY, date(2026, 12, 7), CHRISTMAS) == fortnight
    assert collection_amount(fortnight, Frequency.FORTNIGHTLY, date(2026, 12, 14), CHRISTMAS) == Money("100.00")
    assert not collection_amount(fortnight, Frequency.FORTNIGHTLY, date(2026, 12, 21), CHRISTMAS)
    assert collection_amount(fortnight, Frequency.FORTNIGHTLY, date(2026, 12, 28), CHRISTMAS) == Money("100.00")
    assert collection_amount(fortnight, Frequency.FORTNIGHTLY, date(2027, 1, 4), CHRISTMAS) == fortnight


def test_a_collection_covers_the_rent_week_of_its_nominal_date_not_the_day_a_bank_holiday_moved_it_to():
    # Fridays: 25 Dec 2026 (week 38) is taken on Tue 29 Dec (week 39), 1 Jan 2027 (week 39) on Mon 4 Jan (week 40).
    fridays = schedule(Frequency.WEEKLY, 4, date(2026, 12, 18), date(2027, 1, 8))
    assert fridays == [(date(2026, 12, 18), date(2026, 12, 18)), (date(2026, 12, 25), date(2026, 12, 29)),
                       (date(2027, 1, 1), date(2027, 1, 4)), (date(2027, 1, 8), date(2027, 1, 8))]
    assert [[w.number for w in weeks_covered(Frequency.WEEKLY, nominal)] for nominal, _ in fridays] == [
        [37], [38], [39], [40]]
    only_new_year = {2026: frozenset({39})}
    assert [collection_amount(Money("100.00"), Frequency.WEEKLY, nominal, only_new_year) for nominal, _ in fridays] == [
        Money("100.00"), Money("100.00"), Money.zero(), Money("100.00")]


def test_a_fortnight_across_the_change_of_rent_year_uses_each_years_rent_free_weeks():
    # Mon 29 Mar 2027 is week 52 of 2026/27; the next week is week 1 of 2027/28.
    assert [(w.rent_year, w.number) for w in weeks_covered(Frequency.FORTNIGHTLY, date(2027, 3, 29))] == [
        (2026, 52), (2027, 1)]
    assert collection_amount(Money("200.00"), Frequency.FORTNIGHTLY, date(2027, 3, 29),
                             {2026: frozenset(), 2027: frozenset({1})}) == Money("100.00")


def test_monthly_and_four_weekly_collections_in_a_rent_free_week_take_the_spread_instalment():
    for frequency in (Frequency.MONTHLY, Frequency.FOUR_WEEKLY):
        assert weeks_covered(frequency, date(2026, 12, 21)) == []
        assert collection_amount(Money("416.67"), frequency, date(2026, 12, 21), CHRISTMAS) == Money("416.67")
