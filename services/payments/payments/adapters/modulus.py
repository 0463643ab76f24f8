"""UK sort code and account number checking with Vocalink's modulus rules.

``ukmodulus`` implements the published algorithms (standard, double-alternate, the
exceptions 1-14 and sort code substitution) with Vocalink's weight table bundled; it
passes every test case in Vocalink's specification (see tests/unit/test_modulus.py).
"""

from __future__ import annotations

import re

import ukmodulus

from payments.domain.exceptions import PaymentsError


def normalise(sort_code: str, account_number: str) -> tuple[str, str]:
    sort_code = re.sub(r"[\s\-]", "", sort_code)
    account_number = re.sub(r"[\s\-]", "", account_number)
    if not re.fullmatch(r"\d{6}", sort_code):
        raise PaymentsError("sort code must be 6 digits")
    if not re.fullmatch(r"\d{8}", account_number):
        raise PaymentsError("account number must be 8 digits")
    return sort_code, account_number


def check_bank_details(sort_code: str, account_number: str) -> tuple[str, str]:
    sort_code, account_number = normalise(sort_code, account_number)
    if not ukmodulus.validate_number(sort_code, account_number):
        raise PaymentsError("sort code and account number fail the Vocalink modulus check")
    return sort_code, account_number
