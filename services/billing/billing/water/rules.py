"""Water and sewerage charges collected for the water company: what is payable for a
period, explained account by account."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from billing.errors import BillingError
from billing.ledger.collection import ChargeCollection
from shared.money import Money

BASES = ("collected", "debited")


@dataclass(frozen=True)
class WaterAgreement:
    """The agreement with the water company: a void allowance on the water debited and a
    commission on what is paid over, both as rates (0.05 = 5%)."""

    void_allowance_rate: Decimal
    commission_rate: Decimal
    basis: str = "collected"

    def __post_init__(self) -> None:
        for name in ("void_allowance_rate", "commission_rate"):
            if not Decimal(0) <= getattr(self, name) < 1:
                raise BillingError(f"{name} must be a rate from 0 to below 1 (0.05 is 5%)")
        if self.basis not in BASES:
            raise BillingError(f"basis must be one of {', '.join(BASES)}")


@dataclass(frozen=True)
class AccountWater(ChargeCollection):
    """One rent account in the period: everything debited, the water part of it, and the
    receipts (credits as a positive amount)."""

    @property
    def water_debited(self) -> Money:
        return self.part_debited

    @property
    def water_collected(self) -> Money:
        """Receipts shared in proportion to the water part of the debit, never more than
        the water debited (an overpayment is not the water company's)."""
        return self.collected


@dataclass(frozen=True)
class WaterFigures:
    water_debited: Money
    water_collected: Money
    void_allowance: Money
    commission: Money
    payable: Money
    accounts: int

    def explained(self, agreement: WaterAgreement) -> list[dict[str, str]]:
        base = self.water_collected if agreement.basis == "collected" else self.water_debited
        return [
            {"line": "water debited", "amount": str(self.water_debited),
             "how": "sum of water charge postings on rent accounts in the period"},
            {"line": "water collected", "amount": str(self.water_collected),
             "how": "per account: receipts x water debited / all debited, at most the water debited"},
            {"line": "basis", "amount": str(base), "how": f"the agreement pays on the amount {agreement.basis}"},
            {"line": "void allowance", "amount": str(-self.void_allowance),
             "how": f"water debited x {agreement.void_allowance_rate}"},
            {"line": "commission", "amount": str(-self.commission),
             "how": f"(basis - void allowance) x {agreement.commission_rate}"},
            {"line": "payable to the water company", "amount": str(self.payable),
             "how": "basis - void allowance - commission"},
        ]


def reconcile(lines: list[AccountWater], agreement: WaterAgreement) -> WaterFigures:
    debited = sum((line.water_debited for line in lines), Money.zero())
    collected = sum((line.water_collected for line in lines), Money.zero())
    base = collected if agreement.basis == "collected" else debited
    voids = debited * agreement.void_allowance_rate
    commission = (base - voids) * agreement.commission_rate
    return WaterFigures(debited, collected, voids, commission, base - voids - commission, len(lines))
