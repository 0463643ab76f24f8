from datetime import date

import pytest

from shared.calendar import (
    Frequency,
    RentYear,
    add_working_days,
    day_charges,
    first_monday_of_april,
    instalment,
    is_working_day,
    part_week_charge,
    rent_week_of,
    rent_year_of,
)
from shared.money import Money, total


def test_rent_year_starts_on_first_monday_of_april():
    assert first_monday_of_april(2026) == date(2026, 4, 6)
    assert first_monday_of_april(2024) == date(2024, 4, 1)
    assert RentYear(2026).starts == date(2026, 4, 6)
    assert RentYear(2026).ends == date(2027, 4, 4)


def test_a_rent_year_has_52_or_53_weeks():
    counts = {year: RentYear(year).week_count for year in range(2020, 2031)}
    assert set(counts.values()) == {52, 53}
    assert counts[2026] == 52
    assert counts[2024] == 53  # 1 April 2024 to 6 April 2025
    assert RentYear(2024).week(53).ends == date(2025, 4, 6)


def test_rent_week_of_a_day():
    assert rent_week_of(date(2026, 4, 6)).number == 1
    assert rent_week_of(date(2026, 4, 12)).number == 1
    assert rent_week_of(date(2026, 4, 13)).number == 2
    assert rent_week_of(date(2027, 4, 4)).number == 52
    assert rent_year_of(date(2027, 4, 4)).year == 2026
    assert rent_year_of(date(2027, 4, 5)).year == 2027


def test_collectable_weeks_exclude_rent_free_weeks():
    assert RentYear(2026).collectable_weeks({38, 39}) == 50


def test_full_week_is_exactly_the_weekly_charge_and_sunday_absorbs_the_remainder():
    weekly = Money("100.00")
    days = day_charges(weekly)
    assert days[:6] == [Money("14.29")] * 6
    assert days[6] == Money("14.26")
    assert total(days) == weekly


@pytest.mark.parametrize("weekly", ["100.00", "87.33", "0.01", "123.45", "6.99"])
def test_part_weeks_either_side_of_a_changeover_sum_to_the_weekly_charge(weekly):
    weekly = Money(weekly)
    week = rent_week_of(date(2026, 6, 1))
    ending = part_week_charge(weekly, week, week.starts, date(2026, 6, 3))  # Mon-Wed
    starting = part_week_charge(weekly, week, date(2026, 6, 4), week.ends)  # Thu-Sun
    assert ending + starting == weekly


def test_working_days_skip_weekends_and_england_bank_holidays():
    assert not is_working_day(date(2026, 12, 25))
    assert not is_working_day(date(2026, 12, 28))  # Boxing Day substitute
    assert add_working_days(date(2026, 12, 23), 2) == date(2026, 12, 29)
    assert add_working_days(date(2026, 4, 2), 1) == date(2026, 4, 7)  # Good Friday, Easter Monday


def test_monthly_instalment_is_collectable_weeks_over_twelve():
    year = RentYear(2026)
    assert instalment(Money("120.00"), Frequency.MONTHLY, year) == Money("520.00")
    assert instalment(Money("120.00"), Frequency.MONTHLY, year, frozenset({38, 39})) == Money("500.00")
    assert instalment(Money("120.00"), Frequency.FOUR_WEEKLY, year) == Money("480.00")
