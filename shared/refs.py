"""Account references: digits with a Luhn (mod-10) check digit, so a mistyped
payment reference is caught when a payment arrives."""

from __future__ import annotations

import re

_REF = re.compile(r"^([A-Z]{0,3})(\d{5,12})$")


def luhn_digit(digits: str) -> int:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return (10 - total % 10) % 10


def make_account_ref(number: int, prefix: str = "", width: int = 8) -> str:
    """e.g. make_account_ref(1234567) -> '12345674' (7 digits + check digit)."""
    body = str(number).zfill(width - 1)
    return f"{prefix}{body}{luhn_digit(body)}"


def normalise_ref(reference: str) -> str:
    return re.sub(r"[\s\-/]", "", reference).upper()


def is_valid_account_ref(reference: str) -> bool:
    match = _REF.match(normalise_ref(reference))
    if not match:
        return False
    digits = match.group(2)
    return luhn_digit(digits[:-1]) == int(digits[-1])
