from decimal import Decimal

import pytest
from pydantic import BaseModel, ValidationError

from shared.money import Money, MoneyError, total


def test_money_keeps_exactly_two_places():
    assert str(Money("10")) == "10.00"
    assert Money("0.1") + Money("0.2") == Money("0.30")


@pytest.mark.parametrize("bad", [0.1, "12.345", "abc", "NaN", "Infinity", "1000000000.00", True])
def test_money_refuses_floats_extra_places_and_nonsense(bad):
    with pytest.raises(MoneyError):
        Money(bad)


def test_multiplying_rounds_half_up_to_the_penny():
    assert Money("0.05") * Decimal("0.5") == Money("0.03")
    assert Money("100.00") * 53 == Money("5300.00")


def test_split_sums_exactly():
    parts = Money("100.00").split(3)
    assert parts == [Money("33.34"), Money("33.33"), Money("33.33")]
    assert total(parts) == Money("100.00")


def test_money_in_pydantic_models_serialises_as_string_and_refuses_floats():
    class Model(BaseModel):
        amount: Money

    assert Model(amount="12.5").model_dump_json() == '{"amount":"12.50"}'
    assert Model.model_validate_json('{"amount": "7.10"}').amount == Money("7.10")
    with pytest.raises(ValidationError):
        Model.model_validate_json('{"amount": 7.1}')
    with pytest.raises(ValidationError):
        Model(amount="7.101")


def test_an_amount_far_out_of_range_is_a_money_error_not_an_arithmetic_overflow():
    # 1e400 once escaped as decimal.InvalidOperation from rounding (a 500 on money routes).
    for text in ("1e400", "-1e30", "1E+15"):
        with pytest.raises(MoneyError, match="out of range"):
            Money(text)


def test_commas_are_accepted_only_as_thousands_separators():
    assert Money("1,234.56") == Money("1234.56")
    assert Money("£1,000") == Money("1000.00")
    assert Money("-12,345.60") == Money("-12345.60")
    for ambiguous in ("5,00", "1,23", "12,3456.00", "1,234,5"):
        with pytest.raises(MoneyError):
            Money(ambiguous)


@pytest.mark.parametrize("value", ["1.50", "-0.01", "0.00", "-0.00", "999999999.99", "1000000000.00", "-999999999.99",
                                   "1.5", "01.50", "£1.50", " 1.50", "1.505", "NaN", "1,234.56",
                                   Decimal("1.50"), Decimal("-1.5E+0"), Decimal("1.505"), Decimal("1E+10"), 7])
def test_the_fast_path_for_canonical_amounts_agrees_with_the_constructor(value):
    try:
        expected = Money(value)
    except MoneyError:
        expected = None
    if expected is None:
        with pytest.raises(MoneyError):
            Money.parse(value)
    else:
        assert Money.parse(value) == expected
        assert Money.parse(value).amount.as_tuple().exponent == -2
