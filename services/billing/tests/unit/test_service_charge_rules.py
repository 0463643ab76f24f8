from datetime import date
from decimal import Decimal

import pytest

from billing.errors import BillingError
from billing.leasehold import rules
from shared.contracts.types import ChargeType
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


YEAR = date(2026, 4, 1)  # to 31 March 2027: 365 days
QUARTERS = [date(2026, 4, 1), date(2026, 7, 1), date(2026, 10, 1), date(2027, 1, 1)]


def test_a_lease_that_starts_during_the_year_pays_its_part_by_the_day():
    part = Money("1200.00")
    assert rules.lease_part(part, YEAR, date(2020, 6, 1)) == part
    assert rules.lease_part(part, YEAR, YEAR) == part
    # 14 September to 31 March: 199 of 365 days, 654.2465... to the penny.
    assert rules.lease_part(part, YEAR, date(2026, 9, 14)) == Money("654.25")
    assert rules.lease_part(part, YEAR, date(2027, 3, 31)) == Money("3.29")  # one day
    assert rules.lease_part(part, YEAR, date(2027, 4, 1)) == Money.zero()


def test_a_mid_year_leases_instalments_fall_on_the_due_dates_from_its_start_and_sum_to_its_part():
    found = rules.lease_instalments(Money("1200.00"), QUARTERS, YEAR, date(2026, 9, 14))
    assert found == [(QUARTERS[0], Money.zero()), (QUARTERS[1], Money.zero()),
                     (QUARTERS[2], Money("327.13")), (QUARTERS[3], Money("327.12"))]
    assert sum((a for _, a in found), Money.zero()) == Money("654.25")


def test_a_lease_that_starts_after_the_last_due_date_pays_its_part_with_the_last_instalment_due_on_its_start():
    found = rules.lease_instalments(Money("1200.00"), QUARTERS, YEAR, date(2027, 2, 15))
    # 15 February to 31 March: 45 days = 147.945... -> 147.95
    assert found[-1] == (date(2027, 2, 15), Money("147.95"))
    assert [a for _, a in found[:3]] == [Money.zero()] * 3


def test_a_lease_from_before_the_year_pays_the_usual_instalments():
    assert rules.lease_instalments(Money("1000.03"), QUARTERS, YEAR, date(2019, 1, 1)) == rules.instalments(
        Money("1000.03"), QUARTERS)


def test_a_leased_account_takes_no_weekly_charge_of_a_type_its_lease_invoices():
    starts = date(2026, 4, 1)
    with pytest.raises(rules.ChargedByLease,
                       match="account L1 has a lease from 2026-04-01, which invoices its service_charge"):
        rules.refuse_weekly_charges("L1", starts, {ChargeType.SERVICE_CHARGE: Money("5.00")})
    with pytest.raises(rules.ChargedByLease, match="ground_rent"):
        rules.refuse_weekly_charges("L1", starts, {ChargeType.GROUND_RENT: Money("1.00"),
                                                   ChargeType.HEATING: Money("4.00")})
    rules.refuse_weekly_charges("L1", starts, {ChargeType.SERVICE_CHARGE: Money.zero(),  # ends one
                                               ChargeType.HEATING: Money("4.00")})


def test_a_lease_is_refused_over_a_weekly_charge_it_would_invoice_in_force_from_its_start():
    starts = date(2026, 9, 14)
    with pytest.raises(rules.ChargedByLease, match="account L1 has a weekly service_charge charge from 2026-04-06 "
                                                   "with no end"):
        rules.refuse_lease("L1", starts, [(ChargeType.SERVICE_CHARGE, date(2026, 4, 6), None)])
    with pytest.raises(rules.ChargedByLease, match="to 2026-09-14"):
        rules.refuse_lease("L1", starts, [(ChargeType.SERVICE_CHARGE, date(2026, 4, 6), date(2026, 9, 14))])
    rules.refuse_lease("L1", starts, [(ChargeType.SERVICE_CHARGE, date(2026, 4, 6), date(2026, 9, 13)),
                                      (ChargeType.HEATING, date(2026, 4, 6), None)])
