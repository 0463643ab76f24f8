"""Leasehold service charges: apportioning a scheme's cost by each lease's share,
instalments of the estimate, the year-end balancing charge or credit, and the Section 20
guard on major works."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from billing.domain.exceptions import BillingError
from shared.money import Money

# Landlord and Tenant Act 1985 s20 and SI 2003/1987 reg 6: without consultation (or a
# tribunal's dispensation) a leaseholder's contribution to qualifying works is limited to £250.
SECTION_20_LIMIT = Money("250.00")
INSTALMENT_COUNTS = (1, 2, 4, 12)


def apportion(cost: Money, shares: dict[str, Decimal]) -> dict[str, Money]:
    """Split ``cost`` by the shares so the parts sum exactly to it: each part is rounded
    down to the penny and the pennies left over go to the largest remainders (ties by
    account reference), the same every time."""
    if not shares:
        raise BillingError("the scheme has no leases to apportion to")
    if any(s <= 0 for s in shares.values()):
        raise BillingError("every share must be more than zero")
    weight = sum(shares.values())
    exact = {ref: Decimal(cost.pence) * share / weight for ref, share in shares.items()}
    pence = {ref: int(value) if value >= 0 else -int(-value) for ref, value in exact.items()}
    left = cost.pence - sum(pence.values())
    step = 1 if left >= 0 else -1
    order = sorted(exact, key=lambda ref: (-abs(exact[ref] - pence[ref]), ref))
    for ref in order[: abs(left)]:
        pence[ref] += step
    return {ref: Money.from_pence(p) for ref, p in sorted(pence.items())}


def instalments(amount: Money, due_dates: list[date]) -> list[tuple[date, Money]]:
    """The estimate over its instalments: equal parts, the odd pennies on the first ones."""
    if len(due_dates) not in INSTALMENT_COUNTS:
        raise BillingError(f"an estimate is invoiced in {', '.join(map(str, INSTALMENT_COUNTS))} instalments")
    if due_dates != sorted(set(due_dates)):
        raise BillingError("instalment due dates must be distinct and in order")
    return list(zip(due_dates, amount.split(len(due_dates)), strict=True))


@dataclass(frozen=True)
class Balancing:
    account_ref: str
    estimate_invoiced: Money
    actual_share: Money

    @property
    def amount(self) -> Money:
        """Positive: a balancing charge; negative: a credit to the leaseholder."""
        return self.actual_share - self.estimate_invoiced


def balancing(actual_shares: dict[str, Money], invoiced: dict[str, Money]) -> list[Balancing]:
    unknown = sorted(set(invoiced) - set(actual_shares))
    if unknown:
        raise BillingError(f"estimates were invoiced to accounts no longer in the scheme: {', '.join(unknown)}")
    return [Balancing(ref, invoiced.get(ref, Money.zero()), share) for ref, share in sorted(actual_shares.items())]


@dataclass(frozen=True)
class Lease:
    """A leasehold account's place in a scheme: its share of the scheme's costs and its
    annual ground rent. Service charges come from the scheme's estimate, balancing and
    major works invoices, never from a weekly charge."""

    scheme_ref: str
    share: Decimal
    ground_rent_annual: Money

    def __post_init__(self) -> None:
        if self.share <= 0:
            raise BillingError("share must be more than zero")
        if self.ground_rent_annual < 0:
            raise BillingError("ground rent must not be negative")


@dataclass(frozen=True)
class Consultation:
    works_ref: str
    notice_of_intention_on: date
    estimates_notice_on: date
    completed_on: date
    dispensation: bool = False

    def __post_init__(self) -> None:
        if self.dispensation:
            return
        # Stage 1 (notice of intention) and stage 2 (estimates) each give 30 days for observations.
        if (self.estimates_notice_on - self.notice_of_intention_on).days < 30:
            raise BillingError("the statement of estimates must follow the notice of intention by at least 30 days")
        if (self.completed_on - self.estimates_notice_on).days < 30:
            raise BillingError("consultation completes at least 30 days after the statement of estimates")


def section20_guard(works_ref: str, parts: dict[str, Money], consultation: Consultation | None,
                    invoice_date: date) -> None:
    """Refuse major works above £250 for any leaseholder without a completed consultation."""
    over = sorted(ref for ref, amount in parts.items() if amount > SECTION_20_LIMIT)
    if not over:
        return
    if consultation is None:
        raise BillingError(
            f"major works {works_ref}: {len(over)} leaseholder(s) would pay more than £{SECTION_20_LIMIT} "
            f"(highest £{max(parts.values())}) and no Section 20 consultation is recorded; record the "
            "consultation (or the tribunal's dispensation) first"
        )
    if consultation.completed_on > invoice_date:
        raise BillingError(
            f"major works {works_ref}: the Section 20 consultation completes on {consultation.completed_on}, "
            f"after the invoice date {invoice_date}"
        )
