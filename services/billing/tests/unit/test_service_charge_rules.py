from datetime import date
from decimal import Decimal

import pytest

from billing.domain import service_charges as rules
from billing.domain.exceptions import BillingError
from shared.money import Money


def test_apportioning_sums_exactly_to_the_cost_with_pennies_to_the_largest_remainders():
    parts = rules.apportion(Money("100.00"), {"A": Decimal(1), "B": Decimal(1), "C": Decimal(1)})
    assert parts == {"A": Money("33.34"), "B": Money("33.33"), "C": Money("33.33")}
    weighted = rules.apportion(Money("1000.01"), {"A": Decimal("2.5"), "B": Decimal("1"), "C": Decimal("3.75")})
    assert sum(weighted.values(), Money.zero()) == Money("1000.01")


def test_apportioning_a_negative_amount_also_sums_exactly():
    parts = rules.apportion(Money("-10.00"), {"A": Decimal(1), "B": Decimal(2)})
    assert sum(parts.values(), Money.zero()) == Money("-10.00")


def test_estimate_instalments_sum_to_the_annual_estimate():
    dates = [date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1), date(2027, 1, 1)]
    parts = rules.instalments(Money("1000.03"), dates)
    assert [a for _, a in parts] == [Money("250.01")] * 3 + [Money("250.00")]
    with pytest.raises(BillingError):
        rules.instalments(Money("10.00"), dates[:3])


def test_balancing_is_actual_share_less_estimate_invoiced_to_the_penny():
    estimate = rules.apportion(Money("1200.00"), {"A": Decimal(1), "B": Decimal(1), "C": Decimal(1)})
    actual = rules.apportion(Money("1000.00"), {"A": Decimal(1), "B": Decimal(1), "C": Decimal(1)})
    result = {b.account_ref: b.amount for b in rules.balancing(actual, estimate)}
    assert result == {"A": Money("-66.66"), "B": Money("-66.67"), "C": Money("-66.67")}
    assert sum(result.values(), Money.zero()) == Money("-200.00")


def test_section20_guard_refuses_over_250_per_leaseholder_without_consultation():
    with pytest.raises(BillingError, match="no Section 20 consultation"):
        rules.section20_guard("MW1", {"A": Money("250.01"), "B": Money("10.00")}, None, date(2026, 6, 1))


def test_section20_guard_allows_250_or_less_without_consultation():
    rules.section20_guard("MW1", {"A": Money("250.00")}, None, date(2026, 6, 1))


def test_section20_guard_allows_a_completed_consultation_but_not_one_still_running():
    done = rules.Consultation("MW1", date(2026, 1, 5), date(2026, 3, 2), date(2026, 4, 6))
    rules.section20_guard("MW1", {"A": Money("5000.00")}, done, date(2026, 4, 6))
    with pytest.raises(BillingError, match="completes on 2026-04-06"):
        rules.section20_guard("MW1", {"A": Money("5000.00")}, done, date(2026, 4, 5))


def test_a_consultation_must_allow_thirty_days_at_each_stage_unless_dispensed():
    with pytest.raises(BillingError, match="30 days"):
        rules.Consultation("MW1", date(2026, 1, 5), date(2026, 1, 20), date(2026, 3, 1))
    rules.Consultation("MW1", date(2026, 1, 5), date(2026, 1, 5), date(2026, 1, 5), dispensation=True)
