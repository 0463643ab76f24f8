"""Sequencing postings (every path posts through ledger/writer.py): each account's
postings get the next sequence numbers and running balances, in the order given; a
posting dated in a closed rent year takes effect in the first open one instead."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

from billing.errors import BillingError
from billing.ledger.model import Posting
from shared.calendar import RentWeek, RentYear, rent_week_of
from shared.contracts.types import ChargeType, PostingType
from shared.money import Money


@dataclass(slots=True)
class NewPosting:
    """A posting asked for, not yet numbered. ``source_key`` makes it happen once."""

    account_ref: str
    posting_type: PostingType
    amount: Money
    effective_date: date
    source_key: str
    source: str
    posted_by: str
    reason: str | None = None
    charge_type: ChargeType | None = None
    # The rent week a charge is for, when it is not the week of its effective date.
    rent_week: RentWeek | None = None
    # Income: the channel it came in by (a reversal: that of the payment it takes back).
    channel: str | None = None


@dataclass(slots=True)
class Position:
    balance: Decimal
    last_seq: int


def not_yet_posted(lines: Iterable[NewPosting], posted_keys: set[str]) -> list[NewPosting]:
    """The lines whose source key is not on the ledger (nor earlier in ``lines``): what makes
    a repeated or resumed run, or a redelivered batch, post nothing twice."""
    seen = set(posted_keys)
    fresh: list[NewPosting] = []
    for line in lines:
        if line.source_key not in seen:
            seen.add(line.source_key)
            fresh.append(line)
    return fresh


def first_open_day(last_closed_year: int | None) -> date | None:
    """The first day a posting may take effect on: the day after the last closed rent year."""
    return None if last_closed_year is None else RentYear(last_closed_year + 1).starts


def into_open_year(lines: Iterable[NewPosting], first_open: date | None) -> list[NewPosting]:
    """Once a rent year is closed nothing is posted into it: a line dated before
    ``first_open`` takes effect on that day, its own date kept in the reason. A charge
    keeps the rent week it is for, so re-pricing and the debit reconciliation still see
    which week it charged."""
    if first_open is None:
        return list(lines)
    moved = []
    for line in lines:
        if line.effective_date < first_open:
            dated = line.effective_date
            note = f"dated {dated}, in closed rent year {rent_week_of(dated).rent_year}"
            line = replace(
                line, effective_date=first_open, reason=f"{line.reason} ({note})" if line.reason else note,
                rent_week=line.rent_week or (rent_week_of(dated) if line.posting_type is PostingType.CHARGE else None))
        moved.append(line)
    return moved


def sequence(lines: Iterable[NewPosting], positions: dict[str, Position]) -> list[Posting]:
    """Number the lines per account and carry each balance on; ``positions`` moves on."""
    weeks: dict[date, RentWeek] = {}
    postings: list[Posting] = []
    for line in lines:
        if not line.amount:
            raise BillingError(f"a posting must not be zero ({line.source_key})")
        position = positions[line.account_ref]
        position.last_seq += 1
        position.balance += line.amount.amount
        week = line.rent_week or weeks.get(line.effective_date)
        if week is None:
            week = weeks[line.effective_date] = rent_week_of(line.effective_date)
        postings.append(Posting(
            posting_id=uuid.uuid4(), account_ref=line.account_ref, account_seq=position.last_seq,
            posting_type=line.posting_type, amount=line.amount, balance_after=Money(position.balance),
            effective_date=line.effective_date, source_key=line.source_key, source=line.source,
            posted_by=line.posted_by, reason=line.reason, charge_type=line.charge_type,
            rent_year=week.rent_year, rent_week=week.number, channel=line.channel,
        ))
    return postings
