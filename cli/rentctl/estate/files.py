"""Income files an upstream system would hand in, for loaded accounts: the cash receipting
CSV (allpay / PayPoint style, with its TRAILER of count and total) that payments imports."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from rentctl.estate.model import mistype

CASH_HEADER = "payment_reference,amount,paid_on,channel,transaction_id"


def cash_lines(account_refs: list[str], lines: int, *, seed: int, paid_on: date,
               mistyped_share: float = 0.01) -> Iterator[tuple[str, Decimal, date, str, str]]:
    """`lines` cash payments spread over the accounts and the week before `paid_on`."""
    if not account_refs:
        raise ValueError("no accounts to pay")
    rng = random.Random(seed)
    for n in range(lines):
        ref = account_refs[n % len(account_refs)]
        if rng.random() < mistyped_share:
            ref = mistype(ref)
        amount = Decimal(rng.randint(500, 25000)) / 100
        day = paid_on - timedelta(days=rng.randint(0, 6))
        yield ref, amount, day, rng.choice(["paypoint", "post_office", "allpay_app"]), f"AP{seed}-{n:07d}"


def write_cash_csv(path: Path, rows) -> tuple[int, Decimal]:
    """Write the file with its trailer; returns (records, total)."""
    count, total = 0, Decimal("0.00")
    with path.open("w", newline="") as out:
        out.write(CASH_HEADER + "\n")
        for ref, amount, day, channel, txn in rows:
            out.write(f"{ref},{amount:.2f},{day.isoformat()},{channel},{txn}\n")
            count += 1
            total += amount
        out.write(f"TRAILER,{count},{total:.2f}\n")
    return count, total
