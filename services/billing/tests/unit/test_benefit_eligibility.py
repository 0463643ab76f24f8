from billing.charges.rules import benefit_eligible, charge_lines
from shared.contracts.types import AccountType, ChargeType
from shared.money import Money


def test_a_garage_is_a_housing_cost_only_on_the_homes_account():
    assert benefit_eligible(ChargeType.GARAGE, AccountType.RENT)
    assert benefit_eligible(ChargeType.GARAGE, AccountType.TEMPORARY_ACCOMMODATION)
    assert not benefit_eligible(ChargeType.GARAGE, AccountType.GARAGE)
    assert benefit_eligible(ChargeType.RENT, AccountType.RENT)
    assert not benefit_eligible(ChargeType.WATER, AccountType.RENT)
    assert not benefit_eligible(ChargeType.HOME_CONTENTS_INSURANCE, AccountType.RENT)


def test_announced_charge_lines_follow_the_same_rule():
    charges = {ChargeType.GARAGE: Money("12.00")}
    assert [line.benefit_eligible for line in charge_lines(charges, AccountType.GARAGE)] == [False]
    assert [line.benefit_eligible for line in charge_lines(charges, AccountType.RENT)] == [True]
