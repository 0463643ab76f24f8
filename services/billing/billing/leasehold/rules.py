"""Leasehold service charges: apportioning a scheme's cost by each lease's share,
instalments of the estimate (pro-rated for a lease that starts during the year), the
year-end balancing charge or credit, the Section 20 guard on major works, and what a
lease invoices that a weekly charge must not charge again."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from billing.errors import BillingError
from shared.contracts.types import ChargeType
from shared.money import Money

# Landlord and Tenant Act 1985 s20 and SI 2003/1987 reg 6: without consultation (or a
# tribunal's dispensation) a leaseholder's contribution to qualifying works is limited to £250.
SECTION_20_LIMIT = Money("250.00")

INSTALMENT_COUNTS = (1, 2, 4, 12)


# What a lease invoices (estimate and balancing, ground rent, major works): a leased
# account's weekly schedule must never charge these as well.
LEASE_INVOICED = frozenset({ChargeType.SERVICE_CHARGE, ChargeType.GROUND_RENT, ChargeType.MAJOR_WORKS})


class ChargedByLease(BillingError):
    """A weekly charge of a type the account's lease invoices: the leaseholder would pay twice."""


def refuse_weekly_charges(account_ref: str, lease_starts: date, charges: dict[ChargeType, Money]) -> None:
    """A leased account takes no new weekly charge of a type its lease invoices (0.00,
    which ends one, is allowed)."""
    clash = sorted(t.value for t, amount in charges.items() if t in LEASE_INVOICED and amount > 0)
    if clash:
        raise ChargedByLease(
            f"account {account_ref} has a lease from {lease_starts}, which invoices its {' and '.join(clash)}: "
            f"a weekly {' or '.join(clash)} charge would charge the leaseholder twice")


def refuse_lease(account_ref: str, lease_starts: date, weekly: Iterable[tuple[ChargeType, date, date | None]]) -> None:
    """A lease is refused while a weekly charge of a type it invoices is in force on or
    after its start (``weekly``: charge type, effective from, effective to)."""
    in_force = sorted((t.value, starts, ends) for t, starts, ends in weekly
                      if t in LEASE_INVOICED and (ends is None or ends >= lease_starts))
    if in_force:
        charge_type, starts, ends = in_force[0]
        raise ChargedByLease(
            f"account {account_ref} has a weekly {charge_type} charge from {starts} "
            f"{'with no end' if ends is None else f'to {ends}'}, which a lease from {lease_starts} would invoice "
            f"as well; end the weekly charge (0.00 from {lease_starts}) before setting the lease")


def year_end(year_start: date) -> date:
    return year_start.replace(year=year_start.year + 1) - timedelta(days=1)


def days_covered(year_start: date, lease_starts: date) -> tuple[int, int]:
    """The days of the service charge year the lease covers, and the days in the year."""
    last = year_end(year_start)
    first = max(year_start, lease_starts)
    return max((last - first).days + 1, 0), (last - year_start).days + 1


def lease_part(part: Money, year_start: date, lease_starts: date) -> Money:
    """What a lease pays of its part of a service charge year (its share of the estimate,
    or of the actual cost at balancing). All of it when the lease started by the year's
    first day; for a lease that starts during the year, the part by the day — the days from
    the lease's start to the year's last day over the days in the year — rounded half up to
    the penny; nothing for a lease that starts after the year. The days before the lease
    are the landlord's, so the other leases' parts do not change."""
    days, year_days = days_covered(year_start, lease_starts)
    return part if days == year_days else Money.rounded(part.amount * days / year_days)


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


def lease_instalments(part: Money, due_dates: list[date], year_start: date,
                      lease_starts: date) -> list[tuple[date, Money]]:
    """One lease's instalments of its part of the estimate: ``lease_part`` in equal
    instalments (the odd pennies on the first ones) on the due dates from the lease's start,
    so they sum exactly to it. An instalment due before the lease started is nothing to it;
    a lease that starts after the last due date pays it all with the last one, due on its
    start. A lease that started by the first due date pays the usual instalments."""
    instalments(part, due_dates)
    owed = lease_part(part, year_start, lease_starts)
    own = [d for d in due_dates if d >= lease_starts] or due_dates[-1:]
    amounts = dict(zip(own, owed.split(len(own)), strict=True))
    return [(max(d, lease_starts), amounts[d]) if d in amounts else (d, Money.zero()) for d in due_dates]


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
