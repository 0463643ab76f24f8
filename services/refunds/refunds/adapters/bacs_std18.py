"""A Bacs Standard 18 direct credit file: the UHL1 user header, one 106-character data
record per payment (transaction code 99), a contra debiting the originator's account
(code 17) and the UTL1 trailer with the value and item totals. Bacs submission
software wraps it in the VOL1/HDR/EOF labels."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from shared.money import Money

CREDIT = "99"
CONTRA_DEBIT = "17"
_UNSAFE = re.compile(r"[^A-Z0-9 .&/\-]")


@dataclass(frozen=True)
class Originator:
    sort_code: str
    account_number: str
    name: str


@dataclass(frozen=True)
class Credit:
    sort_code: str
    account_number: str
    account_name: str
    amount: Money
    reference: str


def _text(value: str, width: int) -> str:
    """Bacs character set: upper case letters, digits, space and . & / -"""
    return _UNSAFE.sub(" ", value.upper())[:width].ljust(width)


def julian(day: date) -> str:
    """Processing date as Bacs writes it: space, two-digit year, day of the year."""
    return f" {day:%y}{day.timetuple().tm_yday:03d}"


def _record(dest_sort: str, dest_account: str, code: str, origin: Originator, pence: int,
            user_name: str, reference: str, dest_name: str, processing: date) -> str:
    if not 0 < pence <= 99_999_999_999:
        raise ValueError("a Bacs amount must be between 1p and £999,999,999.99")
    line = (f"{dest_sort}{dest_account}0{code}{origin.sort_code}{origin.account_number}    {pence:011d}"
            f"{_text(user_name, 18)}{_text(reference, 18)}{_text(dest_name, 18)}{julian(processing)}")
    return line


def credit_file(origin: Originator, credits: list[Credit], processing: date) -> str:
    if not credits:
        raise ValueError("a payment file needs at least one credit")
    records = [
        _record(c.sort_code, c.account_number, CREDIT, origin, c.amount.pence, origin.name, c.reference,
                c.account_name, processing)
        for c in credits
    ]
    total = sum(c.amount.pence for c in credits)
    records.append(_record(origin.sort_code, origin.account_number, CONTRA_DEBIT, origin, total,
                           "REFUNDS", "CONTRA", origin.name, processing))
    # receiving party, currency 00, country 000000, work code, file number
    header = f"UHL1{julian(processing)}999999    000000001 DAILY  001".ljust(80)
    trailer = f"UTL1{total:013d}{total:013d}{1:07d}{len(credits):07d}".ljust(80)
    return "\n".join([header, *records, trailer]) + "\n"


def parse_credits(content: str) -> list[tuple[str, str, str, int, str]]:
    """Read back the data records (sort code, account, code, pence, reference): used to
    prove what a file pays."""
    rows = []
    for line in content.splitlines():
        if len(line) == 106:
            rows.append((line[0:6], line[6:14], line[15:17], int(line[35:46]), line[64:82].rstrip()))
    return rows
