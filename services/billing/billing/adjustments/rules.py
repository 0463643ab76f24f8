"""Manual adjustments and transfers between accounts: reason codes and maker-checker."""

from __future__ import annotations

from enum import StrEnum

from billing.errors import BillingError, Conflict
from shared.money import Money


class ReasonCode(StrEnum):
    RENT_CORRECTION = "rent_correction"
    CHARGE_CORRECTION = "charge_correction"
    BENEFIT_CORRECTION = "benefit_correction"
    PAYMENT_MISALLOCATED = "payment_misallocated"
    DUPLICATE_PAYMENT = "duplicate_payment"
    GOODWILL = "goodwill"
    COURT_COSTS = "court_costs"
    RECHARGE = "recharge"
    MIGRATION_CORRECTION = "migration_correction"
    BALANCE_TRANSFER = "balance_transfer"
    OTHER = "other"


def reason_code(value: str) -> ReasonCode:
    try:
        return ReasonCode(value)
    except ValueError:
        known = ", ".join(code.value for code in ReasonCode)
        raise BillingError(f"unknown reason code {value!r}; use one of: {known}") from None


def signed_amount(direction: str, amount: Money) -> Money:
    """Debit positive, credit negative, like every posting."""
    if amount <= 0:
        raise BillingError("amount must be more than zero; the direction gives the sign")
    return amount if direction == "debit" else -amount


def needs_approval(amount: Money, threshold: Money) -> bool:
    return abs(amount) > threshold


def check_checker(maker: str, checker: str) -> None:
    if maker == checker:
        raise Conflict("maker-checker: the approver must be a different user from the requester")
