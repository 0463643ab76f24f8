"""Right to Buy rules: eligibility refusals with reasons, the discount on worked
examples (capped, cost floor, maximum percentage), the S125 estimate and stage flags."""

from datetime import date
from decimal import Decimal

import pytest

from billing.errors import BillingError
from billing.leasehold.rules import Lease
from billing.right_to_buy import rules as rtb
from billing.right_to_buy.discount_rules import DEFAULT_RULES, parse
from shared.money import Money

RULES = parse(DEFAULT_RULES)
RECEIVED = date(2026, 6, 1)
OWN = "this landlord"


def applicant(years_from: date = date(2016, 1, 1), **overrides) -> rtb.Applicant:
    values = {"tenure": "secure", "property_type": "house",
              "periods": [rtb.TenancyPeriod(years_from, None, OWN)]} | overrides
    return rtb.Applicant(**values)


def codes(result: rtb.Eligibility) -> list[str]:
    return [f.code for f in result.refusals]


def test_long_secure_tenant_is_eligible_with_whole_qualifying_years():
    result = rtb.assess(RULES, applicant(), RECEIVED, OWN)
    assert result.eligible and result.refusals == []
    assert result.qualifying_years == 10
    assert not result.relies_on_other_landlords


def test_too_short_a_tenancy_is_refused_saying_how_long_and_how_long_is_needed():
    result = rtb.assess(RULES, applicant(date(2024, 7, 1)), RECEIVED, OWN)
    assert not result.eligible
    assert codes(result) == ["qualifying_period"]
    assert "701 days (1 whole years)" in result.refusals[0].detail
    assert "3 years are needed" in result.refusals[0].detail


def test_other_landlords_years_count_once_and_make_the_admission_deadline_longer():
    periods = [rtb.TenancyPeriod(date(2024, 7, 1), None, OWN),
               rtb.TenancyPeriod(date(2020, 1, 1), date(2024, 7, 31), "Leeds City Council")]
    result = rtb.assess(RULES, applicant(periods=periods), RECEIVED, OWN)
    assert result.eligible
    assert result.qualifying_days == (RECEIVED - date(2020, 1, 1)).days + 1  # the overlap once
    assert result.relies_on_other_landlords


@pytest.mark.parametrize(("overrides", "code", "words"), [
    ({"tenure": "introductory"}, "tenure", "introductory tenancies have no Right to Buy"),
    ({"property_type": "sheltered"}, "excluded_property", "sheltered properties are excluded"),
    ({"possession_order": True}, "possession_order", "possession order"),
    ({"bankruptcy_pending": True}, "bankruptcy", "bankruptcy petition"),
    ({"non_tenant_applicants": ["PER-9"]}, "not_a_tenant", "PER-9"),
])
def test_each_exclusion_refuses_with_its_reason(overrides, code, words):
    result = rtb.assess(RULES, applicant(**overrides), RECEIVED, OWN)
    assert not result.eligible
    assert codes(result) == [code]
    assert words in result.refusals[0].detail


def test_every_failing_check_is_reported_not_just_the_first():
    result = rtb.assess(RULES, applicant(date(2025, 1, 1), tenure="licence", possession_order=True), RECEIVED, OWN)
    assert codes(result) == ["tenure", "qualifying_period", "possession_order"]


def test_arrears_do_not_refuse_but_block_completion():
    result = rtb.assess(RULES, applicant(arrears=Money("312.40")), RECEIVED, OWN)
    assert result.eligible
    assert [(b.code, b.detail) for b in result.completion_blockers] == [
        ("arrears", "rent arrears of £312.40 must be cleared before completion")]


# --- the discount on worked examples ------------------------------------------------


def test_house_ten_years_earns_35_percent_plus_1_for_each_year_beyond_five():
    d = rtb.compute_discount(RULES, "house", 10, Money("150000.00"), "Rest of England")
    assert d.percent == Decimal(40)
    assert (d.by_percentage, d.discount, d.price) == (Money("60000.00"), Money("60000.00"), Money("90000.00"))
    assert d.working[0].startswith("10 qualifying years, house: 35% + 1% x 5 years beyond 5")
    assert d.working[-1] == "price: £150000.00 - £60000.00 = £90000.00"


def test_london_flat_discount_is_capped_at_the_regional_cash_cap():
    d = rtb.compute_discount(RULES, "flat", 15, Money("400000.00"), "London")
    assert d.percent == Decimal(70)  # 50% + 2% x 10 = 70%, the maximum
    assert d.by_percentage == Money("280000.00")
    assert (d.cash_cap, d.discount, d.price) == (Money("136400.00"), Money("136400.00"), Money("263600.00"))
    assert any("(capped)" in line for line in d.working)


def test_percentage_never_exceeds_the_maximum():
    assert rtb.discount_percent(RULES.house, 50, 3) == Decimal(70)
    assert rtb.discount_percent(RULES.flat, 3, 3) == Decimal(50)
    assert rtb.discount_percent(RULES.flat, 2, 3) == Decimal(0)


def test_cost_floor_keeps_the_price_at_or_above_what_the_landlord_spent():
    d = rtb.compute_discount(RULES, "house", 20, Money("100000.00"), "Rest of England",
                             cost_floor=Money("70000.00"))
    assert d.by_percentage == Money("50000.00")
    assert (d.cost_floor_limit, d.discount, d.price) == (Money("30000.00"), Money("30000.00"), Money("70000.00"))


def test_earlier_discount_is_deducted_and_pennies_round_half_up():
    d = rtb.compute_discount(RULES, "house", 11, Money("123456.78"), "Rest of England",
                             previous_discount=Money("5000.00"))
    assert d.by_percentage == Money("50617.28")  # 41% of £123,456.78 = £50,617.2798
    assert (d.discount, d.price) == (Money("45617.28"), Money("77839.50"))


def test_unknown_region_is_refused_naming_the_configured_ones():
    with pytest.raises(BillingError, match="no Right to Buy cash cap is configured for region 'Wales'"):
        rtb.compute_discount(RULES, "house", 10, Money("1.00"), "Wales")


def test_section_125_estimate_uplifts_each_year_and_adds_works_in_their_year():
    rows = rtb.service_charge_estimate(RULES, Money("12.00"), [rtb.Works("roof", 2, Money("1500.00"))])
    assert [r["service_charges"] for r in rows] == ["624.00", "642.72", "662.00", "681.86", "702.32"]
    assert rows[1]["improvements"] == "1500.00" and rows[1]["total"] == "2142.72"
    with pytest.raises(BillingError, match="years 1 to 5"):
        rtb.service_charge_estimate(RULES, Money("12.00"), [rtb.Works("lift", 6, Money("1.00"))])


# --- stages and deadlines -----------------------------------------------------------


def stage_map(dates: rtb.StageDates, as_at: date) -> dict[str, tuple[date | None, str]]:
    return {s.name: (s.due_on, s.status) for s in rtb.stages(RULES, dates, as_at)}


def test_unanswered_application_flags_acknowledgement_and_admission_overdue():
    app = rtb.StageDates(date(2026, 1, 5), "house", False, "received")
    assert stage_map(app, date(2026, 1, 12)) == {
        "acknowledgement": (date(2026, 1, 12), "pending"), "admission_or_denial": (date(2026, 2, 2), "pending"),
        "offer": (None, "waiting"), "completion": (None, "waiting")}
    late = stage_map(app, date(2026, 2, 3))
    assert late["acknowledgement"][1] == late["admission_or_denial"][1] == "overdue"


def test_admission_gets_eight_weeks_when_years_with_other_landlords_count():
    app = rtb.StageDates(date(2026, 1, 5), "house", True, "received")
    assert stage_map(app, date(2026, 2, 3))["admission_or_denial"] == (date(2026, 3, 2), "pending")


def test_flat_offer_is_due_twelve_weeks_after_admission_and_a_late_one_is_marked():
    app = rtb.StageDates(date(2026, 1, 5), "flat", False, "offered", date(2026, 1, 6), date(2026, 1, 20),
                         date(2026, 4, 20))
    stages = stage_map(app, date(2026, 5, 1))
    assert stages["offer"] == (date(2026, 4, 14), "done_late")
    assert stages["completion"] == (date(2026, 7, 13), "pending")
    assert stage_map(app, date(2026, 7, 14))["completion"][1] == "overdue"


def test_denied_application_has_no_overdue_stages_left():
    app = rtb.StageDates(date(2026, 1, 5), "house", False, "denied", date(2026, 1, 6), date(2026, 1, 7))
    stages = stage_map(app, date(2027, 1, 1))
    assert stages["offer"][1] == stages["completion"][1] == "not_applicable"


# --- completion ------------------------------------------------------------------------


def test_a_flat_completes_with_its_lease_and_a_house_freehold():
    lease = Lease("BLK-1", Decimal("1"), Money("10.00"))
    rtb.check_completion_lease("flat", lease)
    rtb.check_completion_lease("house", None)
    with pytest.raises(BillingError, match="completing the sale of a flat grants a lease"):
        rtb.check_completion_lease("flat", None)
    with pytest.raises(BillingError, match="a house is sold freehold"):
        rtb.check_completion_lease("house", lease)
    with pytest.raises(BillingError, match="share must be more than zero"):
        Lease("BLK-1", Decimal("0"), Money("10.00"))
