from decimal import Decimal

import pytest

from billing.errors import BillingError
from billing.water import rules
from shared.money import Money


def line(ref, debited, water, receipts):
    return rules.AccountWater(ref, Money(debited), Money(water), Money(receipts))


def test_water_collected_is_the_water_proportion_of_receipts_capped_at_the_water_debited():
    assert line("A", "110.00", "10.00", "55.00").water_collected == Money("5.00")
    assert line("B", "110.00", "10.00", "300.00").water_collected == Money("10.00")
    assert line("C", "110.00", "10.00", "-5.00").water_collected == Money("0.00")


def test_payable_is_basis_less_void_allowance_less_commission():
    agreement = rules.WaterAgreement(Decimal("0.02"), Decimal("0.05"), "collected")
    figures = rules.reconcile([line("A", "110.00", "10.00", "55.00"), line("B", "220.00", "20.00", "220.00")],
                              agreement)
    assert figures.water_debited == Money("30.00")
    assert figures.water_collected == Money("25.00")
    assert figures.void_allowance == Money("0.60")
    assert figures.commission == Money("1.22")  # (25.00 - 0.60) x 0.05 = 1.22
    assert figures.payable == Money("23.18")
    assert figures.explained(agreement)[-1] == {
        "line": "payable to the water company", "amount": "23.18", "how": "basis - void allowance - commission"}


def test_debited_basis_pays_on_what_was_debited():
    figures = rules.reconcile([line("A", "110.00", "10.00", "0.00")], rules.WaterAgreement(Decimal(0), Decimal("0.1"),
                                                                                          "debited"))
    assert figures.payable == Money("9.00")


def test_rates_outside_zero_to_one_are_refused():
    with pytest.raises(BillingError, match="commission_rate"):
        rules.WaterAgreement(Decimal("0.02"), Decimal("5"))
