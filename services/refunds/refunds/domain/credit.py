"""What refunds knows of an account in credit, and where its credit came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from shared.money import Money

BENEFIT_METHODS = {"housing_benefit": "housing_benefit", "universal_credit": "universal_credit"}
CURRENT_TENANCY_TYPES = {"rent", "temporary_accommodation"}


class Payee(StrEnum):
    TENANT = "tenant"
    HOUSING_BENEFIT = "housing_benefit"
    UNIVERSAL_CREDIT = "universal_credit"
    OTHER = "other"


@dataclass(frozen=True)
class PaymentIn:
    amount: Money
    method: str
    received_on: date


@dataclass(frozen=True)
class Debt:
    """A debit balance on another account of the same person."""

    account_ref: str
    amount: Money  # positive: what is owed after transfers already requested
    status: str
    account_type: str | None

    @property
    def kind(self) -> str:
        if self.status == "closed":
            return "former tenant arrears"
        if self.account_type == "sundry":
            return "sundry debt"
        return "arrears"


@dataclass(frozen=True)
class AccountPicture:
    account_ref: str
    balance: Money  # debit positive, as billing last reported it
    last_seq: int
    status: str  # open / closed
    account_type: str | None = None
    weekly_charge: Money | None = None
    payments: list[PaymentIn] = field(default_factory=list)  # any order
    open_hb_overpayment: Money = field(default_factory=Money.zero)
    other_debts: list[Debt] = field(default_factory=list)
    pending_out: Money = field(default_factory=Money.zero)  # transfers/refunds not yet on the ledger

    @property
    def credit(self) -> Money:
        """The credit still available: the credit balance less money already on its way out."""
        available = -self.balance - self.pending_out
        return available if available > 0 else Money.zero()

    @property
    def is_current_tenancy(self) -> bool:
        return self.status == "open" and (self.account_type or "rent") in CURRENT_TENANCY_TYPES

    @property
    def debts_total(self) -> Money:
        return sum((d.amount for d in self.other_debts), Money.zero())

    def credit_by_source(self) -> dict[str, Money]:
        """Split the credit by who paid it, newest payments first: credit is what the
        latest payments left over after the charges, so it is theirs."""
        remaining = self.credit
        shares = {Payee.TENANT.value: Money.zero(), Payee.HOUSING_BENEFIT.value: Money.zero(),
                  Payee.UNIVERSAL_CREDIT.value: Money.zero()}
        for payment in sorted(self.payments, key=lambda p: p.received_on, reverse=True):
            if remaining <= 0:
                break
            part = min(payment.amount, remaining)
            shares[BENEFIT_METHODS.get(payment.method, Payee.TENANT.value)] += part
            remaining -= part
        shares[Payee.TENANT.value] += remaining  # credit older than the payments we know of
        return shares

    def uncleared(self, clears_on, today: date) -> tuple[Money, date | None]:
        """Payments still inside their clawback window: their total and the last clearing day."""
        amount, last = Money.zero(), None
        for payment in self.payments:
            day = clears_on(payment.method, payment.received_on)
            if day is not None and day > today:
                amount += payment.amount
                last = day if last is None or day > last else last
        return amount, last
