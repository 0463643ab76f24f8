"""Events published by billing, the book of record."""

from __future__ import annotations

import uuid
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from shared.contracts.envelope import EventData
from shared.contracts.types import AccountRef, AccountType, ChargeType, PostingType, Tenure
from shared.money import Money


class _Billing(EventData):
    producer = "billing"


class Party(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    person_id: str
    name: str
    is_lead: bool = False
    email: str | None = None
    mobile: str | None = None


class ChargeLine(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    charge_type: ChargeType
    weekly_amount: Money
    benefit_eligible: bool


class AccountOpenedV1(_Billing):
    event_type = "AccountOpened"
    summary = "A ledger account was opened; its reference is the payment reference."

    account_ref: AccountRef
    account_type: AccountType
    opened_on: date
    tenancy_ref: str | None = None
    property_ref: str | None = None
    patch: str | None = None
    person_ids: list[str] = Field(default_factory=list)
    legacy_refs: list[str] = Field(default_factory=list)


class TenancyStartedV1(_Billing):
    event_type = "TenancyStarted"
    summary = "A tenancy began; carries the tenants, address and starting weekly charges."

    tenancy_ref: str
    account_ref: AccountRef
    property_ref: str
    patch: str
    tenure: Tenure
    start_date: date
    tenants: list[Party]
    address: list[str]
    charges: list[ChargeLine] = Field(default_factory=list)
    weekly_total: Money


class TenancyTerminatedV1(_Billing):
    event_type = "TenancyTerminated"
    summary = "A tenancy ended; the account closed with this final balance (debit positive)."

    tenancy_ref: str
    account_ref: AccountRef
    end_date: date
    reason: str
    final_balance: Money
    person_ids: list[str] = Field(default_factory=list)
    forwarding_address: list[str] = Field(default_factory=list)


class Posting(BaseModel):
    """One ledger posting as other services see it."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    posting_id: uuid.UUID
    account_ref: AccountRef
    account_seq: int = Field(description="Per-account posting sequence, gap-free from 1")
    posting_type: PostingType
    amount: Money = Field(description="Debit positive, credit negative")
    balance_after: Money
    effective_date: date
    rent_year: int | None = None
    rent_week: int | None = None
    charge_type: ChargeType | None = None
    source: str = Field(description="event id, file id and line, run id or user action")
    reason: str | None = None
    posted_by: str


class AccountPostedV1(Posting, _Billing):
    event_type = "AccountPosted"
    summary = "One posting on an account with the account's new balance."


class ChargesDebitedV1(_Billing):
    event_type = "ChargesDebited"
    summary = "A batch of a weekly debit run's postings, one line per account charged."

    run_id: uuid.UUID
    batch: int
    rent_year: int
    rent_week: int
    week_starts: date
    postings: list[Posting]

    def aggregate_key(self) -> str:
        return f"debit-run:{self.run_id}"


class AccountsPostedV1(_Billing):
    event_type = "AccountsPosted"
    summary = (
        "A batch of postings from one bulk cause (a payment file batch, a migration load): the bulk "
        "form of AccountPosted, each posting with its account's new balance and sequence."
    )

    batch_id: uuid.UUID
    cause: str = Field(description="what caused the batch, e.g. the PaymentBatchReceived event id")
    postings: list[Posting]

    def aggregate_key(self) -> str:
        return f"batch:{self.batch_id}"


class RentVariedV1(_Billing):
    event_type = "RentVaried"
    summary = "New weekly charges from a date; notifications sends the notice of variation."

    account_ref: AccountRef
    tenancy_ref: str | None = None
    effective_from: date
    old_weekly_total: Money
    new_weekly_total: Money
    charges: list[ChargeLine]
    notice_required_by: date
    review_id: uuid.UUID | None = None
    rent_free_weeks: list[int] | None = Field(
        default=None,
        description="The rent-free weeks (numbers 1-53) of the rent year effective_from falls in, as configured "
        "when the event was published; absent when the producer did not say (not the same as none). Payments "
        "uses them for monthly and 4-weekly Direct Debit instalments.",
    )


class ServiceChargeInvoicedV1(_Billing):
    event_type = "ServiceChargeInvoiced"
    summary = "A leasehold or sundry invoice was raised on an account."

    invoice_ref: str
    account_ref: AccountRef
    invoice_type: str = Field(description="estimate, balancing, major_works, ground_rent, sundry")
    period_from: date | None = None
    period_to: date | None = None
    amount: Money
    due_date: date
    lines: list[dict[str, str]] = Field(default_factory=list)
