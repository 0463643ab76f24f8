"""The Bacs Standard 18 credit file for a payment batch."""

from __future__ import annotations

from datetime import date

import pytest

from refunds.adapters.bacs_std18 import Credit, credit_file, originator, parse_credits
from shared.bacs_std18 import julian
from shared.money import Money

ORIGIN = originator("400000", "12345678", "HACKNEY COUNCIL")


def test_julian_processing_date():
    assert julian(date(2026, 11, 25)) == " 26329"
    assert julian(date(2027, 1, 1)) == " 27001"


def test_each_credit_is_a_106_character_record_and_a_contra_balances_the_file():
    credits = [Credit("089999", "66374958", "Alex O'Neill-Smith", Money("150.25"), "REFUND 10000016"),
               Credit("202959", "63748472", "Kim", Money("9.75"), "REFUND 20000014")]
    content = credit_file(ORIGIN, credits, date(2026, 11, 25))
    lines = content.splitlines()
    assert lines[0].startswith("UHL1 26329999999    000000001 DAILY  001") and len(lines[0]) == 80
    first = lines[1]
    assert len(first) == 106
    assert first[:6] == "089999" and first[6:14] == "66374958" and first[14] == "0" and first[15:17] == "99"
    assert first[17:23] == "400000" and first[23:31] == "12345678"
    assert first[35:46] == "00000015025"
    assert first[46:64] == "HACKNEY COUNCIL   "
    assert first[64:82] == "REFUND 10000016   "
    assert first[82:100] == "ALEX O NEILL-SMITH"  # Bacs character set, 18 characters
    assert first[100:] == " 26329"
    contra = lines[3]
    assert contra[:14] == "40000012345678" and contra[15:17] == "17" and contra[35:46] == "00000016000"
    assert contra[64:82] == "CONTRA            " and contra[82:100] == "HACKNEY COUNCIL   "
    assert lines[4] == "UTL1" + "0000000016000" * 2 + "0000001" + "0000002" + " " * 36
    assert parse_credits(content) == [
        ("089999", "66374958", "99", 15025, "REFUND 10000016"), ("202959", "63748472", "99", 975, "REFUND 20000014"),
        ("400000", "12345678", "17", 16000, "CONTRA")]


def test_an_empty_batch_is_refused():
    with pytest.raises(ValueError, match="at least one credit"):
        credit_file(ORIGIN, [], date(2026, 11, 25))
