"""Void rent loss: priced as the weekly debit would have charged the home."""

from datetime import date

from billing.voids import rules as voids
from shared.contracts.types import ChargeType
from shared.money import Money

CHARGES = {ChargeType.RENT: Money("100.00"), ChargeType.SERVICE_CHARGE: Money("10.50"),
           ChargeType.HOME_CONTENTS_INSURANCE: Money("2.10")}


def test_weekly_loss_leaves_out_the_households_own_insurance():
    assert voids.weekly_loss(CHARGES) == Money("110.50")


def test_seven_days_across_two_rent_weeks_lose_exactly_one_weeks_charges():
    # Wednesday 8 April to Tuesday 14 April 2026: 5 days of week 1 and 2 of week 2.
    assert voids.rent_loss(CHARGES, date(2026, 4, 8), date(2026, 4, 14), {}) == Money("110.50")


def test_part_week_is_priced_by_the_day_with_sunday_taking_the_remainder():
    # Rent 100/7 = 14.29 a day, Sunday 14.26; service 1.50 a day. Wed..Sun = 4 x 14.29 + 14.26 + 5 x 1.50.
    assert voids.rent_loss(CHARGES, date(2026, 4, 8), date(2026, 4, 12), {}) == Money("78.92")


def test_rent_free_week_loses_nothing():
    full = voids.rent_loss(CHARGES, date(2026, 4, 6), date(2026, 4, 19), {})
    assert full == Money("221.00")
    assert voids.rent_loss(CHARGES, date(2026, 4, 6), date(2026, 4, 19), {2026: {2}}) == Money("110.50")


def test_void_days_clip_to_the_reporting_period():
    assert voids.void_days(date(2026, 4, 8), None, date(2026, 5, 1), date(2026, 5, 31)) == (
        date(2026, 5, 1), date(2026, 5, 31))
    assert voids.void_days(date(2026, 4, 8), date(2026, 4, 30), date(2026, 5, 1), date(2026, 5, 31)) is None
