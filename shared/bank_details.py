"""UK bank details: sort code and account number format, and the Vocalink modulus
check (through ``ukmodulus``, which ships Vocalink's weight and substitution tables).

Used wherever money goes to or comes from a bank account (refund payees, Direct Debit
mandates). A sort code missing from the tables cannot be checked and counts as valid,
as Vocalink's rules say.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ukmodulus

_SEPARATORS = re.compile(r"[\s-]")


class BankDetailsError(ValueError):
    """The sort code or account number is malformed or fails the modulus check."""


@dataclass(frozen=True)
class BankAccount:
    sort_code: str  # 6 digits
    account_number: str  # 8 digits, as Bacs records carry it

    @property
    def masked(self) -> str:
        """What may be shown back to staff: the account's last four digits only."""
        return f"****{self.account_number[-4:]}"


def normalise_sort_code(sort_code: str) -> str:
    digits = _SEPARATORS.sub("", sort_code or "")
    if not re.fullmatch(r"\d{6}", digits):
        raise BankDetailsError("sort code must be 6 digits (e.g. 20-00-00)")
    return digits


def normalise_account_number(account_number: str) -> str:
    digits = _SEPARATORS.sub("", account_number or "")
    if not re.fullmatch(r"\d{6,10}", digits):
        raise BankDetailsError("account number must be 6 to 10 digits")
    return digits


def validate_uk_account(sort_code: str, account_number: str) -> BankAccount:
    """Return the account in Bacs form (6-digit sort code, 8-digit account number), or
    raise ``BankDetailsError`` saying what is wrong. Nine- and ten-digit account numbers
    are reduced to eight digits by the banks' published rules."""
    sort = normalise_sort_code(sort_code)
    number = normalise_account_number(account_number)
    if not ukmodulus.validate_number(sort, number):
        raise BankDetailsError("account number fails the modulus check for this sort code")
    return BankAccount(*_bacs_form(sort, number))


def _bacs_form(sort: str, number: str) -> tuple[str, str]:
    if len(number) == 10:  # Co-operative Bank keeps the first eight digits, NatWest the last eight
        return sort, number[:8] if sort.startswith("08") else number[-8:]
    if len(number) == 9:  # Santander: the first digit replaces the sort code's last digit
        return sort[:5] + number[0], number[1:]
    return sort, number.zfill(8)
