"""BACS Standard 18 files (Direct Debit instructions and collections, direct credits).

Fixed-width records: VOL1, HDR1, HDR2, UHL1 labels, 100-character detail records,
EOF1, EOF2, UTL1 trailer. A detail record is:

    destination sort code (6) | destination account (8) | account type '0' (1) |
    transaction code (2) | originating sort code (6) | originating account (8) |
    free format (4) | amount in pence (11) | originator name (18) | reference (18) |
    payer name (18) [| processing date ' YYDDD' (6), multi-day files]

Transaction codes: 0N new instruction, 0C cancel, 0S convert (AUDDIS, amount 0); 01 first
collection, 17 regular, 18 re-presentation, 19 final; 99 the contra credit to the
collection account. Dates are ' YYDDD' (Julian day of year).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

BACS_CHARS = re.compile(r"[^A-Z0-9 .&/\-]")


@dataclass(frozen=True)
class Originator:
    service_user_number: str
    sort_code: str
    account_number: str
    name: str


@dataclass(frozen=True)
class Detail:
    sort_code: str
    account_number: str
    txn_code: str
    pence: int
    reference: str
    payer_name: str


def bacs_text(value: str, width: int) -> str:
    """Upper case, only Bacs-permitted characters, padded or cut to ``width``."""
    return BACS_CHARS.sub(" ", value.upper())[:width].ljust(width)


def julian(day: date) -> str:
    return f" {day:%y}{day.timetuple().tm_yday:03d}"


def detail_record(detail: Detail, originator: Originator, processing: date | None = None) -> str:
    """100 characters; 106 with a processing date (' YYDDD') for multi-day files."""
    if not 0 <= detail.pence <= 99_999_999_999:
        raise ValueError("a Bacs amount must be between 0p and £999,999,999.99")
    record = (
        f"{detail.sort_code}{detail.account_number}0{detail.txn_code}"
        f"{originator.sort_code}{originator.account_number}    {detail.pence:011d}"
        f"{bacs_text(originator.name, 18)}{bacs_text(detail.reference, 18)}{bacs_text(detail.payer_name, 18)}"
    )
    return record + julian(processing) if processing else record


def write_file(details: list[Detail], originator: Originator, processing_date: date, serial: int,
               created: date, *, contra: bool) -> str:
    """The whole file as text; ``contra`` adds the 99 credit that balances the debits."""
    records = [detail_record(d, originator) for d in details]
    debit_total = sum(d.pence for d in details)
    if contra and details:
        records.append(detail_record(
            Detail(originator.sort_code, originator.account_number, "99", debit_total, "CONTRA", originator.name),
            originator))
    sun, serial_text = originator.service_user_number, f"{serial % 1_000_000:06d}"
    header = f"A{sun}S  {sun}{serial_text}00010001{julian(created)}{julian(created)} 000000"
    labels = [
        f"VOL1{serial_text} {' ' * 31}{sun}{' ' * 4}".ljust(79) + "1",
        f"HDR1{header}".ljust(80),
        "HDR200100400000".ljust(80),
        f"UHL1{julian(processing_date)}999999    000000001 DAILY  001".ljust(80),
    ]
    debit_count = len(details)
    credit_count, credit_total = (1, debit_total) if contra and details else (0, 0)
    trailer = [
        f"EOF1{header}".ljust(80),
        "EOF200100400000".ljust(80),
        f"UTL1{debit_total:013d}{credit_total:013d}{debit_count:07d}{credit_count:07d}".ljust(80),
    ]
    return "\n".join([*labels, *records, *trailer]) + "\n"
