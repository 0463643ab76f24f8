"""Monthly arrangements (calendar-month periods, monthly and weekly amounts compared
exactly), an officer's pause as a hold, and the reasons settings."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from pydantic import ValidationError

from recovery.arrangements.rules import (
    IncomeExpenditure,
    SfsExpenditure,
    SfsIncome,
    check_affordable,
    converted,
    monthly_period_start,
    schedule,
)
from recovery.cases.rules import ActionRecord, RecordedAction, check_pause
from recovery.configuration.settings import validate_setting
from recovery.errors import Invalid
from recovery.policy.defaults import DEFAULT_POLICIES
from recovery.policy.definitions import PolicyBody
from recovery.policy.rules import CaseFacts, Hold, evaluate
from recovery.positions.rules import ChargeHistory
from shared.calendar import part_week_charge, rent_week_of
from shared.money import Money

WEEKLY = Money("100.00")


def test_a_start_on_the_31st_falls_on_a_shorter_months_last_day_and_never_drifts():
    start = date(2027, 1, 31)
    assert [monthly_period_start(start, n) for n in range(5)] == [
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30), date(2027, 5, 31)]
    assert monthly_period_start(date(2027, 12, 30), 2) == date(2028, 2, 29)  # a leap year
    assert monthly_period_start(date(2027, 11, 15), 3) == date(2028, 2, 15)


def test_monthly_periods_are_calendar_months_each_to_the_day_before_the_next():
    rows = schedule(date(2026, 6, 15), "monthly", Money("50.00"), Money("120.00"))
    assert [(r.period_start, r.period_end, r.towards, r.arrears_after) for r in rows] == [
        (date(2026, 6, 15), date(2026, 7, 14), Money("50.00"), Money("70.00")),
        (date(2026, 7, 15), date(2026, 8, 14), Money("50.00"), Money("20.00")),
        (date(2026, 8, 15), date(2026, 9, 14), Money("20.00"), Money("0.00")),
    ]
    ends_31 = schedule(date(2027, 1, 31), "monthly", Money("10.00"), Money("20.00"))
    assert [(r.period_start, r.period_end) for r in ends_31] == [
        (date(2027, 1, 31), date(2027, 2, 27)), (date(2027, 2, 28), date(2027, 3, 30))]


def test_a_monthly_period_expects_the_charges_falling_due_in_it_plus_the_instalment():
    [first] = schedule(date(2026, 6, 15), "monthly", Money("50.00"), Money("50.00"))
    # 15 June (a Monday) to 14 July: four whole rent weeks and Monday-Tuesday of the fifth.
    monday = date(2026, 7, 13)
    part = part_week_charge(WEEKLY, rent_week_of(monday), monday, date(2026, 7, 14))
    assert first.expected(ChargeHistory().or_charge(WEEKLY)) == Money("400.00") + part + Money("50.00")
    # A rent-free week in the month owes no charge; nor do the days after the tenancy ends.
    june_22 = rent_week_of(date(2026, 6, 22))
    rent_free = ChargeHistory(rent_free={june_22.rent_year: frozenset({june_22.number})}).or_charge(WEEKLY)
    assert first.expected(rent_free) == Money("300.00") + part + Money("50.00")
    ended = ChargeHistory(tenancy_ends=date(2026, 6, 28)).or_charge(WEEKLY)
    assert first.expected(ended) == Money("200.00") + Money("50.00")


def test_monthly_and_weekly_convert_as_the_sfs_does():
    assert converted(Money("433.33"), "monthly", "weekly") == Money("100.00")  # 433.33 x 12 / 52 = 99.9992
    assert converted(WEEKLY, "weekly", "monthly") == Money("433.33")
    assert converted(Money("60.00"), "fortnightly", "weekly") == Money("30.00")
    assert converted(Money("900.00"), "monthly", "monthly") == Money("900.00")
    assessment = IncomeExpenditure({SfsIncome.BENEFITS: Money("1300.00")},
                                   {SfsExpenditure.FOOD_AND_HOUSEKEEPING: Money("400.00")}, basis="monthly")
    assert (assessment.disposable_monthly(), assessment.disposable_weekly()) == (Money("900.00"), Money("207.69"))


def monthly_budget() -> IncomeExpenditure:
    # A Universal Credit budget, by the month: £900.00 a month is left once the rent is paid.
    return IncomeExpenditure({SfsIncome.BENEFITS: Money("2000.00")},
                             {SfsExpenditure.HOME_AND_CONTENTS: Money("500.00"),
                              SfsExpenditure.FOOD_AND_HOUSEKEEPING: Money("600.00")}, basis="monthly")


def test_affordability_compares_monthly_and_weekly_amounts_exactly():
    check_affordable(monthly_budget(), Money("900.00"), WEEKLY, "monthly")
    with pytest.raises(Invalid) as refused:
        check_affordable(monthly_budget(), Money("900.01"), WEEKLY, "monthly")
    assert str(refused.value) == ("£900.01 a month is not affordable: the income and expenditure assessment "
                                  "leaves £900.00 a month")
    assert refused.value.field == "instalment"
    # £207.69 a week is £10,799.88 a year, within the £10,800.00; £207.70 (£10,800.40) is not.
    check_affordable(monthly_budget(), Money("207.69"), WEEKLY, "weekly")
    with pytest.raises(Invalid, match=r"^£900\.03 a month is not affordable"):
        check_affordable(monthly_budget(), Money("207.70"), WEEKLY, "weekly")


def test_a_weekly_budget_meets_a_monthly_instalment_and_rent_it_leaves_out_must_fit():
    weekly_budget = IncomeExpenditure({SfsIncome.EARNINGS: Money("300.00")},
                                      {SfsExpenditure.FOOD_AND_HOUSEKEEPING: Money("150.00")})
    # £50.00 a week is left after the £100.00 rent the budget does not count: £216.66 a month (x 52 / 12).
    check_affordable(weekly_budget, Money("216.66"), WEEKLY, "monthly")
    with pytest.raises(Invalid) as refused:
        check_affordable(weekly_budget, Money("216.67"), WEEKLY, "monthly")
    assert str(refused.value) == (
        "£216.67 a month is not affordable: the income and expenditure assessment leaves £216.67 a month once the "
        "£433.33 a month of the weekly charge of £100.00 (£433.33 a month) it does not count is paid")


def test_the_instalment_must_be_more_than_nothing_and_names_its_field():
    with pytest.raises(Invalid) as refused:
        check_affordable(monthly_budget(), Money("0.00"), WEEKLY, "monthly")
    assert refused.value.field == "instalment"


def facts(**kw) -> CaseFacts:
    return CaseFacts(account_ref="10000016", arrears=Decimal("150.00"), weekly_charge=Decimal("100.00"), **kw)


TENANT = PolicyBody.model_validate(DEFAULT_POLICIES["tenant_default"])
TODAY = date(2026, 11, 23)


def test_an_officers_pause_holds_the_case_to_the_end_of_its_until_date():
    assert evaluate(TENANT, facts(paused_until=TODAY), TODAY).held_by == Hold.OFFICER_PAUSE
    assert evaluate(TENANT, facts(paused_until=date(2026, 11, 22)), TODAY).held_by is None
    # Breathing Space is the statutory hold: it is the one named while both apply.
    assert evaluate(TENANT, facts(paused_until=TODAY, breathing_space=True), TODAY).held_by == Hold.BREATHING_SPACE


def test_a_pause_runs_past_today_and_within_a_year():
    check_pause(date(2026, 11, 24), TODAY)
    for until in (TODAY, date(2027, 11, 25)):
        with pytest.raises(Invalid) as refused:
            check_pause(until, TODAY)
        assert refused.value.field == "until"


def test_a_note_needs_its_text():
    with pytest.raises(Invalid) as refused:
        ActionRecord(RecordedAction.NOTE, TODAY, "i.officer").validate(TODAY)
    assert refused.value.field == "notes"
    ActionRecord(RecordedAction.NOTE, TODAY, "i.officer", notes="tenant moving in with family").validate(TODAY)


def test_reasons_settings_need_distinct_codes_and_a_label():
    reasons = {"reasons": [{"code": "tenant_contacted", "label": "Tenant contacted"},
                           {"code": "other", "label": "Other", "needs_note": True}]}
    assert validate_setting("skip_reasons", reasons)["reasons"][0]["needs_note"] is False
    for bad in ({"reasons": []}, {"reasons": reasons["reasons"] * 2},
                {"reasons": [{"code": "Bad Code", "label": "x"}]}):
        with pytest.raises(ValidationError):
            validate_setting("pause_reasons", bad)
