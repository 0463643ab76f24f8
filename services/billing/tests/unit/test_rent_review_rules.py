from datetime import date
from decimal import Decimal

import pytest

from billing.errors import BillingError
from billing.rent_review import rent_file, rules
from shared.contracts.types import ChargeType
from shared.money import Money

RENT = ChargeType.RENT
SERVICE = ChargeType.SERVICE_CHARGE


def policy(**kw):
    return rules.ReviewPolicy(**{"kind": "percentage", "uplift_percent": {RENT: Decimal("10")}, **kw})


def test_cap_is_applied_exactly_and_never_exceeded():
    # CPI 6.7% + 1% = 7.7%: 95.55 x 1.077 = 102.90735, so the cap is 102.90 (rounded down).
    line = rules.review_line(policy(cap_percent=Decimal("7.7")), "10000016", RENT, Money("95.55"))
    assert line.new_amount == Money("102.90")
    assert line.capped
    assert rules.cap_limit(Money("100.00"), Decimal("7.7")) == Money("107.70")


def test_a_rise_within_the_cap_is_not_capped():
    line = rules.review_line(policy(uplift_percent={RENT: Decimal("5")}, cap_percent=Decimal("7.7")),
                             "10000016", RENT, Money("100.00"))
    assert (line.new_amount, line.capped) == (Money("105.00"), False)


def test_uplift_rounds_half_up_to_the_penny():
    line = rules.review_line(policy(uplift_percent={RENT: Decimal("5")}), "1", RENT, Money("100.10"))
    assert line.new_amount == Money("105.11")  # 105.105


def test_target_convergence_moves_at_most_the_step_towards_the_formula_rent():
    conv = rules.ReviewPolicy(kind="target_convergence", uplift_percent={RENT: Decimal("1")},
                              convergence_step=Money("2.00"),
                              targets={"A": Money("120.00"), "B": Money("101.50"), "C": Money("90.00")})
    lines = {ln.account_ref: ln for ln in rules.review(conv, {k: {RENT: Money("100.00")} for k in "ABCD"})}
    assert lines["A"].new_amount == Money("103.00")  # 101.00 + the £2 step
    assert lines["B"].new_amount == Money("101.50")  # reaches the target
    assert lines["C"].new_amount == Money("101.00")  # above target: uplift only
    assert lines["D"].note == "no target rent: uplift only"


def test_outliers_are_changes_beyond_the_threshold():
    lines = rules.review(
        rules.ReviewPolicy(kind="file", new_rents={("A", RENT): Money("130.00"), ("B", RENT): Money("104.00")}),
        {"A": {RENT: Money("100.00")}, "B": {RENT: Money("100.00")}})
    assert [(ln.account_ref, ln.outlier) for ln in lines] == [("A", True), ("B", False)]


def test_only_charge_types_in_the_policy_are_reviewed():
    lines = rules.review(policy(), {"A": {RENT: Money("100.00"), SERVICE: Money("5.00")}})
    assert [ln.charge_type for ln in lines] == [RENT]


def test_totals_give_weekly_and_annual_change_and_counts():
    lines = rules.review(policy(cap_percent=Decimal("7.7")),
                         {"A": {RENT: Money("100.00")}, "B": {RENT: Money("50.00")}})
    t = rules.totals(lines, collectable_weeks=50)
    assert (t.old_weekly, t.new_weekly, t.capped, t.accounts) == (Money("150.00"), Money("161.55"), 2, 2)
    assert t.annual_change == Money("577.50")


def test_new_charges_start_on_the_first_monday_of_april():
    assert rules.effective_from(2027) == date(2027, 4, 5)


def test_commit_later_than_four_weeks_before_the_start_is_refused_with_the_reason():
    assert rules.check_in_time(2027, date(2027, 3, 8)) == date(2027, 3, 8)
    with pytest.raises(BillingError, match=r"had to be committed by 2027-03-08 \(today is 2027-03-09\)"):
        rules.check_in_time(2027, date(2027, 3, 9))


def test_unknown_policy_kind_is_refused():
    with pytest.raises(BillingError, match="unknown review policy"):
        rules.ReviewPolicy(kind="guess")


def test_rent_file_lines_are_accepted_or_rejected_with_line_numbers():
    data = (b"account_ref,charge_type,weekly_amount\n10000016,rent,104.50\n10000017,rent,1\n"
            b"10000016,heat,2.00\n10000024,rent,-1.00\n10000016,rent,99.00\n10000024,rent,1.234\n")
    rents, rejected = rent_file.parse(data)
    assert rents == {("10000016", RENT): Money("104.50")}
    assert [(r["line"], r["reason"].split(" ")[0]) for r in rejected] == [
        (3, "account"), (4, "unknown"), (5, "a"), (6, "the"), (7, "amount")]


def test_rent_file_needs_its_header():
    with pytest.raises(BillingError, match="line 1"):
        rent_file.parse(b"ref,amount\n")
