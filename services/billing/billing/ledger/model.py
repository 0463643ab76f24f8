"""Billing's aggregates: accounts and their postings, properties, tenancies."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from shared.contracts.billing import AccountPostedV1
from shared.contracts.types import AccountType, ChargeType, PostingType
from shared.money import Money


@dataclass(slots=True)
class Posting:
    posting_id: uuid.UUID
    account_ref: str
    account_seq: int
    posting_type: PostingType
    amount: Money
    balance_after: Money
    effective_date: date
    source_key: str
    source: str
    posted_by: str
    reason: str | None = None
    charge_type: ChargeType | None = None
    rent_year: int | None = None
    rent_week: int | None = None
    # The income channel (paypoint, bank...) of a payment, or of the payment a reversal takes back.
    channel: str | None = None

    def to_line(self) -> dict[str, object]:
        """The posting as other services see it, for a bulk event's list of postings (an
        event validates a list of these in one pass, far cheaper than a model per line)."""
        return self._fields()

    def _fields(self) -> dict[str, object]:
        return {
            "posting_id": self.posting_id, "account_ref": self.account_ref, "account_seq": self.account_seq,
            "posting_type": self.posting_type, "amount": self.amount, "balance_after": self.balance_after,
            "effective_date": self.effective_date, "rent_year": self.rent_year, "rent_week": self.rent_week,
            "charge_type": self.charge_type, "source": self.source, "reason": self.reason,
            "posted_by": self.posted_by,
        }

    def to_event(self) -> AccountPostedV1:
        return AccountPostedV1(
            posting_id=self.posting_id,
            account_ref=self.account_ref,
            account_seq=self.account_seq,
            posting_type=self.posting_type,
            amount=self.amount,
            balance_after=self.balance_after,
            effective_date=self.effective_date,
            rent_year=self.rent_year,
            rent_week=self.rent_week,
            charge_type=self.charge_type,
            source=self.source,
            reason=self.reason,
            posted_by=self.posted_by,
        )


@dataclass
class Account:
    """A ledger account. Its balance is the sum of its postings (debit positive);
    ``last_seq`` numbers the postings without gaps. Postings are made only through
    ledger/writer.py.post_all."""

    account_ref: str
    account_type: AccountType
    status: str
    balance: Money
    last_seq: int
    opened_on: date
    tenancy_ref: str | None = None
    property_ref: str | None = None
    patch: str | None = None
    closed_on: date | None = None
