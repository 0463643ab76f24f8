"""A Bacs Standard 18 direct credit file for a payment batch, from the shared record
writer: the UHL1 user header, one record per refund (transaction code 99) carrying the
processing date, a contra debiting the landlord's account (code 17) and the UTL1 trailer
with value and item totals. Bacs submission software wraps it in the VOL1/HDR/EOF labels
for the service user number it submits under."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from shared.bacs_std18 import Detail, Originator, detail_record, julian
from shared.money import Money

CREDIT = "99"
CONTRA_DEBIT = "17"


@dataclass(frozen=True)
class Credit:
    sort_code: str
    account_number: str
    account_name: str
    amount: Money
    reference: str


def originator(sort_code: str, account_number: str, name: str) -> Originator:
    return Originator(service_user_number="", sort_code=sort_code, account_number=account_number, name=name)


def credit_file(origin: Originator, credits: list[Credit], processing: date) -> str:
    if not credits:
        raise ValueError("a payment file needs at least one credit")
    if any(c.amount <= 0 for c in credits):
        raise ValueError("every credit must be more than zero")
    records = [detail_record(Detail(c.sort_code, c.account_number, CREDIT, c.amount.pence, c.reference,
                                    c.account_name), origin, processing) for c in credits]
    total = sum(c.amount.pence for c in credits)
    records.append(detail_record(Detail(origin.sort_code, origin.account_number, CONTRA_DEBIT, total, "CONTRA",
                                        origin.name), origin, processing))
    # receiving party, currency 00, country 000000, work code, file number
    header = f"UHL1{julian(processing)}999999    000000001 DAILY  001".ljust(80)
    trailer = f"UTL1{total:013d}{total:013d}{1:07d}{len(credits):07d}".ljust(80)
    return "\n".join([header, *records, trailer]) + "\n"


def parse_credits(content: str) -> list[tuple[str, str, str, int, str]]:
    """Read back the data records (sort code, account, code, pence, reference): used to
    prove what a file pays."""
    return [(line[0:6], line[6:14], line[15:17], int(line[35:46]), line[64:82].rstrip())
            for line in content.splitlines() if len(line) == 106]
