"""UK sort code / account number validation (Vocalink modulus rules)."""

import pytest

from shared.bank_details import BankDetailsError, validate_uk_account


@pytest.mark.parametrize(("sort_code", "account"), [
    ("08-99-99", "66374958"),   # Vocalink test case 1
    ("107999", "88837491"),     # DBLAL and MOD11 pass
    ("202959", "63748472"),
    ("309070", "02355688"),     # exception 2 and 9
])
def test_published_valid_accounts_pass(sort_code, account):
    assert validate_uk_account(sort_code, account).sort_code == sort_code.replace("-", "")


@pytest.mark.parametrize(("sort_code", "account"), [("938063", "15764273"), ("938063", "15764264")])
def test_published_invalid_accounts_fail_the_modulus_check(sort_code, account):
    with pytest.raises(BankDetailsError, match="modulus"):
        validate_uk_account(sort_code, account)


def test_malformed_details_say_what_is_wrong():
    with pytest.raises(BankDetailsError, match="sort code must be 6 digits"):
        validate_uk_account("20-00", "12345678")
    with pytest.raises(BankDetailsError, match="account number must be 6 to 10 digits"):
        validate_uk_account("200000", "12AB5678")


def test_short_and_long_account_numbers_take_their_bacs_form():
    # 99-xx-xx sort codes have no modulus weights, so only the layout rules apply.
    nine = validate_uk_account("990000", "766374958")  # Santander style
    assert (nine.sort_code, nine.account_number) == ("990007", "66374958")
    assert validate_uk_account("990000", "1234567890").account_number == "34567890"
    assert validate_uk_account("080000", "1234567890").account_number == "12345678"  # Co-operative Bank
    six = validate_uk_account("990000", "123456")
    assert (six.account_number, six.masked) == ("00123456", "****3456")
