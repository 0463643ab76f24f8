"""The weekly debit charges what a schedule settlement has not already charged, so a
charge added back to a week a run had debited (a backdated insurance opt-in) is
charged once however often the week is run."""

from billing.debit.rules import unsettled
from shared.contracts.types import ChargeType
from shared.money import Money

INSURANCE = ("10000016", ChargeType.HOME_CONTENTS_INSURANCE)
RENT = ("10000016", ChargeType.RENT)
PRICED = {RENT: Money("110.00"), INSURANCE: Money("2.10")}


def test_a_charge_type_the_settlement_already_charged_in_full_is_not_debited_again():
    assert unsettled(PRICED, {INSURANCE: Money("2.10")}) == {RENT: Money("110.00")}


def test_a_partly_settled_charge_leaves_only_the_rest_to_debit():
    assert unsettled(PRICED, {RENT: Money("10.00")}) == {RENT: Money("100.00"), INSURANCE: Money("2.10")}


def test_nothing_settled_leaves_the_week_as_priced():
    assert unsettled(PRICED, {}) == PRICED
