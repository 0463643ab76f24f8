"""Billing's aggregates: accounts and their postings, properties, tenancies."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from billing.domain.exceptions import BillingError
from shared.contracts.billing import AccountPostedV1, ChargeLine
from shared.contracts.types import AccountType, ChargeType, PaymentMethod, PostingType, Tenure
from shared.money import Money

PAYMENT_POSTING_TYPES = {
    PaymentMethod.HOUSING_BENEFIT: PostingType.HB_CREDIT,
    PaymentMethod.UNIVERSAL_CREDIT: PostingType.UC_CREDIT,
    PaymentMethod.DIRECT_DEBIT: PostingType.DD_COLLECTION,
}


def payment_source_key(payment_id: uuid.UUID) -> str:
    """A payment's posting's source key: the same by either path (single or batch)."""
    return f"payment:{payment_id}"


# Charge types whose cost counts as eligible housing costs for HB/UC by default.
BENEFIT_ELIGIBLE = frozenset({ChargeType.RENT, ChargeType.SERVICE_CHARGE, ChargeType.GARAGE})


def benefit_eligible(charge_type: ChargeType, account_type: AccountType) -> bool:
    """The one HB/UC eligibility rule for a charge on a schedule, however the charge is set
    (account opened, charges changed, rent review, migration): a garage counts as a housing
    cost only when let with the home, on its rent account, never on a garage account of its own."""
    return charge_type in BENEFIT_ELIGIBLE and account_type != AccountType.GARAGE


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
    adapters/ledger_writer.post_all."""

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


@dataclass(frozen=True)
class Tenant:
    person_id: str
    name: str
    is_lead: bool
    email: str | None = None
    mobile: str | None = None


@dataclass
class Tenancy:
    tenancy_ref: str
    property_ref: str
    tenure: Tenure
    start_date: date
    tenants: list[Tenant]
    end_date: date | None = None

    def __post_init__(self) -> None:
        if not self.tenants:
            raise BillingError("a tenancy needs at least one tenant")
        if sum(t.is_lead for t in self.tenants) != 1:
            raise BillingError("exactly one tenant must be the lead tenant")


def charge_lines(charges: dict[ChargeType, Money], account_type: AccountType) -> list[ChargeLine]:
    return [
        ChargeLine(charge_type=t, weekly_amount=a, benefit_eligible=benefit_eligible(t, account_type))
        for t, a in charges.items()
    ]
