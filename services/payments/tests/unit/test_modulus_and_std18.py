"""Vocalink modulus checking (the specification's published test cases) and the Standard 18 layout."""

from __future__ import annotations

from datetime import date

import pytest

from payments.direct_debits.mandates import check_bank_details
from payments.domain.exceptions import PaymentsError
from shared import bacs_std18

# Vocalink "Validating account numbers" specification, section "Test cases".
VOCALINK_VALID = [
    ("089999", "66374958"), ("107999", "88837491"), ("202959", "63748472"), ("871427", "46238510"),
    ("872427", "46238510"), ("871427", "09123496"), ("871427", "99123496"), ("820000", "73688637"),
    ("827999", "73988638"), ("827101", "28748352"), ("134020", "63849203"), ("118765", "64371389"),
    ("200915", "41011166"), ("938611", "07806039"), ("938600", "42368003"), ("938063", "55065200"),
    ("772798", "99345694"), ("086090", "06774744"), ("309070", "02355688"), ("309070", "12345668"),
    ("309070", "12345677"), ("309070", "99345694"), ("074456", "12345112"), ("070116", "34012583"),
    ("074456", "11104102"), ("180002", "00000190"),
]
VOCALINK_INVALID = [
    ("938063", "15764273"), ("938063", "15764264"), ("938063", "15763217"), ("118765", "64371388"),
    ("203099", "66831036"), ("203099", "58716970"), ("089999", "66374959"), ("107999", "88837493"),
]


@pytest.mark.parametrize(("sort_code", "account"), VOCALINK_VALID)
def test_vocalink_valid_test_cases_pass(sort_code, account):
    assert check_bank_details(sort_code, account) == (sort_code, account)


@pytest.mark.parametrize(("sort_code", "account"), VOCALINK_INVALID)
def test_vocalink_invalid_test_cases_are_refused(sort_code, account):
    with pytest.raises(PaymentsError, match="fails the modulus check for this sort code"):
        check_bank_details(sort_code, account)


def test_malformed_bank_details_say_what_is_wrong():
    with pytest.raises(PaymentsError, match="sort code must be 6 digits"):
        check_bank_details("08-99", "66374958")
    with pytest.raises(PaymentsError, match="account number must be 6 to 10 digits"):
        check_bank_details("08-99-99", "66374")


def test_collection_file_has_fixed_width_records_a_balancing_contra_and_trailer_totals():
    originator = bacs_std18.Originator("123456", "401234", "12345678", "Rent Account")
    details = [bacs_std18.Detail("089999", "66374958", "01", 48741, "RENT1000001601", "A. Tenant"),
               bacs_std18.Detail("107999", "88837491", "17", 10000, "RENT1000002401", "Bo Payer-Smith")]
    text = bacs_std18.write_file(details, originator, date(2026, 12, 1), 7, date(2026, 11, 27), contra=True)
    lines = text.splitlines()
    assert [line[:4] for line in lines[:4]] == ["VOL1", "HDR1", "HDR2", "UHL1"]
    assert lines[3][4:10] == " 26335"  # 1 December 2026 is day 335
    records = lines[4:7]
    assert all(len(r) == 100 for r in records)
    first = records[0]
    assert (first[0:6], first[6:14], first[14], first[15:17]) == ("089999", "66374958", "0", "01")
    assert (first[17:23], first[23:31], first[35:46]) == ("401234", "12345678", "00000048741")
    assert (first[46:64], first[64:82], first[82:100]) == ("RENT ACCOUNT      ", "RENT1000001601    ",
                                                            "A. TENANT         ")
    contra = records[2]
    assert (contra[15:17], contra[35:46]) == ("99", "00000058741")
    assert [line[:4] for line in lines[7:]] == ["EOF1", "EOF2", "UTL1"]
    assert lines[9][4:17] == "0000000058741" and lines[9][17:30] == "0000000058741"
    assert (lines[9][30:37], lines[9][37:44]) == ("0000002", "0000001")
