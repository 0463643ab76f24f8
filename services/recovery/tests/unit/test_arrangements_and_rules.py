"""Arrangements (affordability, schedule, kept/breached), Breathing Space dates,
limitation, write-off approval, pre-action steps, ranking and letter wording."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from recovery.arrangements.rules import (
    IncomeExpenditure,
    SfsExpenditure,
    SfsIncome,
    Tolerance,
    assess_period,
    check_affordable,
    schedule,
    stored_instalment,
)
from recovery.breathing_space.rules import MoratoriumType, is_active, moratorium_end
from recovery.cases.rules import ActionRecord, CourtOrder, RecordedAction
from recovery.errors import Blocked, Forbidden, RecoveryError
from recovery.former_tenants.limitation import is_statute_barred, limitation_date
from recovery.policy.defaults import LEASEHOLD_SUNDRY_POLICY, LONDON_TENANT_POLICY
from recovery.policy.pre_action import missing_steps
from recovery.policy.risk import payer_profile, risk_score
from recovery.policy.rules import CaseFacts
from recovery.positions.rules import ChargeChange, ChargeHistory
from recovery.write_offs.rules import check_approver
from shared.calendar import part_week_charge, rent_week_of
from shared.money import Money

TODAY = date(2026, 11, 23)


def assessment(income: str, spending: str) -> IncomeExpenditure:
    return IncomeExpenditure({SfsIncome.EARNINGS: Money(income)},
                             {SfsExpenditure.FOOD_AND_HOUSEKEEPING: Money(spending)})


def test_affordable_amount_is_what_the_sfs_assessment_leaves():
    ie = IncomeExpenditure(
        {SfsIncome.EARNINGS: Money("300.00"), SfsIncome.BENEFITS: Money("50.00")},
        {SfsExpenditure.HOME_AND_CONTENTS: Money("120.00"), SfsExpenditure.UTILITIES: Money("40.00"),
         SfsExpenditure.FOOD_AND_HOUSEKEEPING: Money("150.00")},
    )
    assert ie.disposable_weekly() == Money("40.00")
    check_affordable(ie, Money("40.00"), Money("100.00"))
    with pytest.raises(RecoveryError, match=r"not affordable: .* leaves £40\.00 a week"):
        check_affordable(ie, Money("40.01"), Money("100.00"))


def test_an_arrangement_must_cover_the_weekly_charge_as_well_as_the_instalment():
    # Rent left out of the assessment (or only part of it counted) is still to be paid each week.
    for counted in ("0.00", "60.00"):
        ie = IncomeExpenditure({SfsIncome.EARNINGS: Money("300.00")},
                               {SfsExpenditure.HOME_AND_CONTENTS: Money(counted),
                                SfsExpenditure.FOOD_AND_HOUSEKEEPING: Money("150.00")})
        check_affordable(ie, Money("50.00"), Money("100.00"))
        with pytest.raises(RecoveryError) as refused:
            check_affordable(ie, Money("50.01"), Money("100.00"))
        left_out = Money("100.00") - Money(counted)
        assert str(refused.value) == (
            f"£50.01 a week is not affordable: the income and expenditure assessment leaves £50.00 a week once "
            f"the £{left_out} of the weekly charge of £100.00 it does not count is paid")
    # A former tenant owes no ongoing charge: only the instalment must fit.
    check_affordable(assessment("300.00", "150.00"), Money("150.00"), Money.zero())


def flat(weekly: str) -> ChargeHistory:
    return ChargeHistory().or_charge(Money(weekly))


def test_schedule_adds_the_charge_and_clears_the_arrears_with_a_smaller_last_instalment():
    rows = schedule(date(2026, 11, 2), "weekly", Money("25.00"), Money("60.00"))
    assert [(r.expected(flat("100.00")), r.arrears_after) for r in rows] == [
        (Money("125.00"), Money("35.00")), (Money("125.00"), Money("10.00")), (Money("110.00"), Money("0.00"))]
    assert rows[0].period_end == date(2026, 11, 8)
    fortnightly = schedule(date(2026, 11, 2), "fortnightly", Money("30.00"), Money("60.00"))
    assert [r.expected(flat("100.00")) for r in fortnightly] == [Money("230.00"), Money("230.00")]
    assert fortnightly[1].period_start == date(2026, 11, 16)


def test_each_period_expects_the_charge_in_force_in_it_not_the_one_the_arrangement_was_made_with():
    charges = ChargeHistory((ChargeChange(date(2026, 6, 1), Money("100.00")),
                             ChargeChange(date(2026, 11, 16), Money("110.00"), Money("100.00"))))
    weekly = schedule(date(2026, 11, 2), "weekly", Money("25.00"), Money("100.00"))
    assert [r.expected(charges) for r in weekly] == [Money("125.00")] * 2 + [Money("135.00")] * 2
    fortnightly = schedule(date(2026, 11, 9), "fortnightly", Money("30.00"), Money("60.00"))
    assert fortnightly[0].expected(charges) == Money("240.00")  # a week at £100, a week at £110
    assert charges.weekly_on(date(2026, 5, 1)) == Money("100.00")


def test_a_rent_free_week_expects_only_the_instalment():
    christmas = rent_week_of(date(2026, 12, 21))
    charges = ChargeHistory((ChargeChange(date(2026, 6, 1), Money("100.00")),),
                            {christmas.rent_year: frozenset({christmas.number, christmas.number + 1})})
    rows = schedule(date(2026, 12, 14), "weekly", Money("10.00"), Money("40.00"))
    assert [r.expected(charges) for r in rows] == [Money("110.00"), Money("10.00"), Money("10.00"), Money("110.00")]
    four_weekly = schedule(date(2026, 12, 14), "four_weekly", Money("40.00"), Money("40.00"))
    assert four_weekly[0].expected(charges) == Money("240.00")


def test_part_weeks_are_charged_by_the_day_a_midweek_change_and_the_tenancy_end():
    thursday, wednesday = date(2026, 11, 12), date(2026, 11, 18)
    charges = ChargeHistory((ChargeChange(date(2026, 6, 1), Money("70.00")),
                             ChargeChange(thursday, Money("140.00"), Money("70.00"))), tenancy_ends=wednesday)
    assert charges.due(date(2026, 11, 9), date(2026, 11, 15)) == Money("30.00") + Money("80.00")
    assert charges.due(date(2026, 11, 16), date(2026, 11, 22)) == Money("60.00")  # Monday to Wednesday
    assert charges.due(date(2026, 11, 23), date(2026, 11, 29)) == Money.zero()  # a former tenant owes no charge
    assert charges.due(date(2026, 11, 19), date(2026, 11, 25)) == Money.zero()
    assert charges.due(date(2026, 11, 9), date(2026, 11, 15)) == part_week_charge(
        Money("70.00"), rent_week_of(thursday), date(2026, 11, 9), date(2026, 11, 11)) + part_week_charge(
        Money("140.00"), rent_week_of(thursday), thursday, date(2026, 11, 15))


@pytest.mark.parametrize("weekly", ["100.00", "119.58", "0.05", "87.31"])
def test_any_days_of_a_week_cost_what_billing_pro_rates_and_a_whole_week_the_weekly_charge(weekly):
    week = rent_week_of(date(2026, 11, 9))
    days = [week.starts + timedelta(days=n) for n in range(7)]
    charges = flat(weekly)
    for a in days:
        for b in (d for d in days if d >= a):
            assert charges.due(a, b) == part_week_charge(Money(weekly), week, a, b), (a, b)
    assert charges.due(date(2026, 11, 12), date(2026, 11, 18)) == Money(weekly)


def test_a_schedule_stored_with_its_expected_payment_keeps_its_instalment():
    entry = {"period_no": 2, "period_start": "2026-11-09", "period_end": "2026-11-22", "expected": "230.00",
             "arrears_after": "30.00"}
    row = stored_instalment(entry, Money("100.00"))
    assert (row.towards, row.arrears_after, row.expected(flat("110.00"))) == (
        Money("30.00"), Money("30.00"), Money("250.00"))
    assert stored_instalment({**entry, "towards": "30.00"}, Money("0.00")).towards == Money("30.00")


def test_period_kept_within_tolerance_breached_beyond_it_or_when_missed():
    tolerance = Tolerance(Money("1.00"), Decimal("0"))
    assert assess_period(Money("125.00"), Money("124.00"), tolerance) == (True, "kept")
    kept, reason = assess_period(Money("125.00"), Money("123.99"), tolerance)
    assert not kept and reason == "short by £1.01, beyond the tolerance of £1.00"
    assert assess_period(Money("125.00"), Money("0.00"), tolerance) == (False, "missed: nothing paid in the period")
    assert assess_period(Money("200.00"), Money("190.00"), Tolerance(Money("1.00"), Decimal("5")))[0]


def test_standard_moratorium_lasts_sixty_days():
    end = moratorium_end(MoratoriumType.STANDARD, date(2026, 1, 1), None)
    assert end == date(2026, 3, 1)
    assert is_active(date(2026, 1, 1), end, date(2026, 3, 1))
    assert not is_active(date(2026, 1, 1), end, date(2026, 3, 2))


def test_mental_health_crisis_moratorium_lasts_the_treatment_plus_thirty_days():
    assert moratorium_end(MoratoriumType.MENTAL_HEALTH_CRISIS, date(2026, 1, 1), None) is None
    assert moratorium_end(MoratoriumType.MENTAL_HEALTH_CRISIS, date(2026, 1, 1), date(2026, 5, 10)) == date(2026, 6, 9)
    assert is_active(date(2026, 1, 1), None, date(2030, 1, 1))


def test_limitation_date_is_six_years_from_the_latest_payment_or_acknowledgement():
    assert limitation_date(date(2020, 3, 1), None, None) == date(2026, 3, 1)
    assert limitation_date(date(2020, 3, 1), date(2021, 6, 15), None) == date(2027, 6, 15)
    assert limitation_date(date(2020, 3, 1), date(2021, 6, 15), date(2022, 2, 1)) == date(2028, 2, 1)
    assert limitation_date(date(2020, 2, 29), None, None) == date(2026, 2, 28)
    assert is_statute_barred(date(2026, 3, 1), date(2026, 3, 1))
    assert not is_statute_barred(date(2026, 3, 1), date(2026, 2, 28))


LIMITS = {"senior_officer": Money("1000.00"), "finance_approver": Money("25000.00")}


def test_write_off_needs_a_different_approver_within_their_role_limit():
    with pytest.raises(Forbidden, match="someone other than the officer who proposed it"):
        check_approver("jo", "jo", frozenset({"finance_approver"}), Money("10.00"), LIMITS)
    with pytest.raises(Forbidden, match=r"above your approval limit of £1000\.00"):
        check_approver("jo", "sam", frozenset({"senior_officer"}), Money("1000.01"), LIMITS)
    with pytest.raises(Forbidden, match="none of your roles"):
        check_approver("jo", "sam", frozenset({"income_officer"}), Money("1.00"), LIMITS)
    check_approver("jo", "sam", frozenset({"senior_officer", "finance_approver"}), Money("1000.01"), LIMITS)


def test_pre_action_lists_the_missing_steps():
    assert missing_steps(set()) == ["contact_attempted", "benefit_position_checked", "arrangement_offered",
                                    "debt_advice_signposted"]
    assert missing_steps({"visit", "benefit_checked", "arrangement_made"}) == ["debt_advice_signposted"]


def action(kind: RecordedAction, **kw) -> ActionRecord:
    return ActionRecord(kind, TODAY, "jo", **kw)


def test_breathing_space_judges_a_demand_from_the_letter_and_stage_not_the_caller():
    assert action(RecordedAction.LETTER, letter_type="arrears_first_letter").is_blocked_by_breathing_space(None)
    assert action(RecordedAction.CALL, letter_type="court_warning_letter").is_blocked_by_breathing_space(None)
    assert action(RecordedAction.NOTICE_SERVED).is_blocked_by_breathing_space(None)
    assert not action(RecordedAction.CALL).is_blocked_by_breathing_space(LONDON_TENANT_POLICY.stage("contact_visit"))
    assert not action(RecordedAction.LETTER, letter_type="account_statement").is_blocked_by_breathing_space(None)
    assert action(RecordedAction.CALL).is_blocked_by_breathing_space(LONDON_TENANT_POLICY.stage("nosp"))


@pytest.mark.parametrize("kind", [RecordedAction.NOTICE_SERVED, RecordedAction.COURT_REFERRAL,
                                  RecordedAction.WARRANT, RecordedAction.EVICTION])
def test_no_possession_step_on_a_leasehold_or_sundry_account(kind):
    for account_type in ("leasehold", "sundry"):
        with pytest.raises(Blocked, match=f"{kind.value} refused: a {account_type} account cannot be taken"):
            action(kind).check_possession(account_type)
    action(kind).check_possession("rent")


def test_no_possession_order_on_a_leasehold_account_but_a_money_judgment_is_fine():
    with pytest.raises(Blocked, match="outright_possession order refused"):
        action(RecordedAction.COURT_OUTCOME, order=CourtOrder.OUTRIGHT_POSSESSION).check_possession("leasehold")
    action(RecordedAction.COURT_OUTCOME, order=CourtOrder.MONEY_JUDGMENT).check_possession("leasehold")
    action(RecordedAction.MONEY_CLAIM).check_possession("sundry")


def test_pre_action_needed_as_the_stage_says_and_always_for_a_court_referral():
    tenant, lease = LONDON_TENANT_POLICY, LEASEHOLD_SUNDRY_POLICY
    assert action(RecordedAction.COURT_REFERRAL).needs_pre_action(tenant, None)
    assert action(RecordedAction.COURT_REFERRAL).needs_pre_action(lease, None)
    assert not action(RecordedAction.NOTICE_SERVED).needs_pre_action(tenant, tenant.stage("nosp"))
    strict = tenant.model_copy(update={"stages": [
        s.model_copy(update={"pre_action_protocol": True}) if s.code == "nosp" else s for s in tenant.stages]})
    assert action(RecordedAction.NOTICE_SERVED).needs_pre_action(strict, strict.stage("nosp"))
    assert action(RecordedAction.NOTICE_SERVED).needs_pre_action(strict, None)  # no stage named: the policy's


def test_risk_ranks_stopped_payers_with_more_arrears_higher():
    paying = CaseFacts("1", Decimal("300"), Decimal("100"), paid_8w=Decimal("800"), last_payment_on=TODAY)
    stopped = CaseFacts("2", Decimal("300"), Decimal("100"), paid_8w=Decimal("0"), last_payment_on=None)
    assert risk_score(stopped, TODAY) > risk_score(paying, TODAY)
    assert risk_score(paying, TODAY) == Decimal("18.00")


@pytest.mark.parametrize(("facts", "profile"), [
    ({"arrangement_breached": True}, "broken_arrangement"),
    ({"last_dd_on": TODAY - timedelta(days=30), "last_dd_unpaid_on": TODAY - timedelta(days=20)}, "failed_dd"),
    ({"last_uc_on": TODAY - timedelta(days=3)}, "universal_credit"),
    ({"last_hb_on": TODAY - timedelta(days=3), "hb_8w": Decimal("800")}, "full_hb"),
    ({"last_hb_on": TODAY - timedelta(days=3), "hb_8w": Decimal("400")}, "part_hb"),
    ({"last_dd_on": TODAY - timedelta(days=3)}, "dd_payer"),
    ({}, "self_payer"),
])
def test_payer_profile_chooses_the_letter_wording(facts, profile):
    assert payer_profile(CaseFacts("1", Decimal("300"), Decimal("100"), **facts), TODAY) == profile
