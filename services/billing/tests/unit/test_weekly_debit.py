"""Pricing a rent week from charge schedules: full weeks exact, part weeks to the day,
53-week years, and a unique debit key per account, week and charge type."""

from __future__ import annotations

from datetime import date

from billing.charges.rules import ChargePeriod, charge_in_week, period_of, week_charges
from billing.ledger.rules import NewPosting, not_yet_posted
from billing.ledger.source_keys import debit as debit_source_key
from shared.calendar import RentYear, rent_week_of
from shared.contracts.types import ChargeType, PostingType
from shared.money import Money

RENT = ChargeType.RENT
WEEK = RentYear(2026).week(8)  # Monday 25 May - Sunday 31 May 2026


def period(weekly: str, first: date = date(2026, 4, 6), last: date | None = None) -> ChargePeriod:
    return ChargePeriod("10000016", RENT, Money(weekly), first, last)


def test_a_full_week_is_exactly_the_weekly_charge_even_when_it_does_not_divide_by_seven():
    assert charge_in_week(period("98.17"), WEEK) == Money("98.17")


def test_a_tenancy_starting_on_thursday_pays_thursday_to_sunday_with_sunday_taking_the_remainder():
    # daily 14.02 (98.17 / 7 = 14.024...); Sunday = 98.17 - 6 x 14.02 = 14.05
    assert charge_in_week(period("98.17", first=date(2026, 5, 28)), WEEK) == Money("56.11")


def test_a_tenancy_ending_on_wednesday_pays_monday_to_wednesday():
    assert charge_in_week(period("98.17", last=date(2026, 5, 27)), WEEK) == Money("42.06")


def test_the_two_parts_of_a_week_split_by_a_change_sum_to_the_weekly_charge():
    before = period("100.00", last=date(2026, 5, 27))
    after = period("100.00", first=date(2026, 5, 28))
    assert week_charges([before, after], WEEK) == {("10000016", RENT): Money("100.00")}


def test_a_mid_week_rent_change_charges_each_rate_for_its_days():
    old = period("70.00", last=date(2026, 5, 27))  # Mon-Wed at 10.00
    new = period("77.00", first=date(2026, 5, 28))  # Thu-Sun at 11.00
    assert week_charges([old, new], WEEK) == {("10000016", RENT): Money("74.00")}


def test_a_charge_outside_the_week_or_of_nothing_posts_nothing():
    assert week_charges([period("90.00", first=date(2026, 6, 1))], WEEK) == {}
    assert week_charges([period("90.00", last=date(2026, 5, 24))], WEEK) == {}


def test_the_span_is_the_latest_start_and_the_earliest_known_end():
    found = period_of("10000016", "rent", Money("5.00"), (date(2026, 4, 6), date(2026, 5, 1)),
                      (None, date(2026, 9, 1), date(2026, 8, 1)))
    assert (found.first_day, found.last_day) == (date(2026, 5, 1), date(2026, 8, 1))


def test_debit_keys_are_unique_per_account_week_and_charge_type_and_stable_across_runs():
    keys = {debit_source_key(week, ref, charge)
            for week in (WEEK, RentYear(2026).week(9)) for ref in ("10000016", "10000024")
            for charge in (RENT, ChargeType.WATER)}
    assert len(keys) == 8
    assert debit_source_key(WEEK, "10000016", RENT) == "debit:2026-08:10000016:rent"


def test_a_53_week_rent_year_prices_its_last_week_like_any_other():
    year = RentYear(2019)  # 1 April 2019 to 5 April 2020
    assert year.week_count == 53
    last = year.week(53)
    assert (last.starts, last.ends) == (date(2020, 3, 30), date(2020, 4, 5))
    assert rent_week_of(date(2020, 4, 5)) == last
    assert charge_in_week(period("98.17", first=date(2019, 4, 1)), last) == Money("98.17")
    assert RentYear(2026).week_count == 52


def debit_lines(periods: list[ChargePeriod]) -> list[NewPosting]:
    return [NewPosting(ref, PostingType.CHARGE, amount, WEEK.starts, debit_source_key(WEEK, ref, charge), "run", "me",
                       charge_type=charge)
            for (ref, charge), amount in week_charges(periods, WEEK).items()]


def test_a_second_or_resumed_run_of_the_same_week_finds_every_line_already_posted():
    periods = [period("98.17"), ChargePeriod("10000024", ChargeType.WATER, Money("4.10"), date(2026, 4, 6))]
    first = not_yet_posted(debit_lines(periods), set())
    assert len(first) == 2
    on_ledger = {line.source_key for line in first}
    assert not_yet_posted(debit_lines(periods), on_ledger) == []
    # A crash after the first account: the resumed run posts only the other one.
    resumed = not_yet_posted(debit_lines(periods), {first[0].source_key})
    assert [line.account_ref for line in resumed] == ["10000024"]
    # A line repeated within one batch is taken once.
    assert len(not_yet_posted(debit_lines(periods) * 2, set())) == 2
