"""What each letter type of ``LetterRequested`` carries in its ``data``.

Recovery (the producer) fills ``LetterRequestedV1.data`` with the fields of the model
named for its ``letter_type``; notifications validates ``data`` against that model and
dead-letters a request whose data does not fit (reason ``invalid_letter_data``), so a
template never meets a missing field at send time. Additive only, like every contract.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from shared.money import Money


class _LetterData(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)


class PayerProfile(StrEnum):
    """How the tenant pays, as recovery judges it from recent payments, so that an
    arrears letter's message fits (SPEC §2 recovery)."""

    FULL_HB = "full_hb"  # Housing Benefit covers the weekly charge
    PART_HB = "part_hb"  # Housing Benefit covers part; the tenant pays the rest
    UNIVERSAL_CREDIT = "universal_credit"  # Universal Credit housing costs (managed payment or paid to the tenant)
    DD_PAYER = "dd_payer"  # pays by Direct Debit
    FAILED_DD = "failed_dd"  # the last Direct Debit was returned unpaid
    BROKEN_ARRANGEMENT = "broken_arrangement"  # an arrangement to clear the arrears was not kept
    SELF_PAYER = "self_payer"  # none of these: pays by cash, card or transfer, irregularly or not at all


_PAYER_PROFILE = "How the tenant pays; the letter's wording fits it (absent: the general wording)"


class ArrearsLetterData(_LetterData):
    """Arrears stage letters for tenants, leaseholders and sundry debtors."""

    balance: Money = Field(description="Arrears on the account at as_at (debit positive)")
    as_at: date
    weekly_charge: Money | None = None
    weeks_in_arrears: Decimal | None = None
    pay_by: date | None = None
    officer_name: str | None = None
    officer_phone: str | None = None
    payer_profile: PayerProfile | None = Field(None, description=_PAYER_PROFILE)


class NospCoverLetterData(_LetterData):
    """Cover letter served with a Notice of Seeking Possession."""

    balance: Money
    as_at: date
    weekly_charge: Money
    served_on: date
    proceedings_from: date = Field(description="Earliest date proceedings may begin (28 days after service)")
    expires_on: date = Field(description="The notice stays valid until this date (12 months)")
    officer_name: str | None = None
    officer_phone: str | None = None
    payer_profile: PayerProfile | None = Field(None, description=_PAYER_PROFILE)


class PreActionProtocolLetterData(_LetterData):
    """Letter of claim under the Pre-Action Protocol for Debt Claims (with reply form)."""

    balance: Money
    as_at: date
    respond_by: date = Field(description="30 days from the letter")
    debt_description: str


class FormerTenantArrearsLetterData(_LetterData):
    balance: Money
    as_at: date
    tenancy_ended_on: date
    property_address: list[str]
    pay_by: date | None = None


class StatementLine(_LetterData):
    on: date
    description: str
    amount: Money = Field(description="Debit positive, credit negative")
    balance: Money


class AccountStatementData(_LetterData):
    period_from: date
    period_to: date
    opening_balance: Money
    closing_balance: Money
    lines: list[StatementLine] = Field(default_factory=list)


ARREARS_LETTERS = (
    "arrears_reminder",
    "arrears_first_letter",
    "arrears_second_letter",
    "court_warning_letter",
    "leasehold_reminder",
    "leasehold_final_reminder",
)

# letter_type -> the model its ``data`` must satisfy.
LETTER_DATA: dict[str, type[BaseModel]] = {
    **{name: ArrearsLetterData for name in ARREARS_LETTERS},
    "nosp_cover_letter": NospCoverLetterData,
    "pre_action_protocol_letter": PreActionProtocolLetterData,
    "fta_letter": FormerTenantArrearsLetterData,
    "account_statement": AccountStatementData,
}
