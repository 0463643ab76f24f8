"""The former tenant arrears benefit check (SPEC: check Housing Benefit paid up to the
correct end date): was HB/UC paid up to the day the tenancy ended, how much may still
come from it (so is not chased from the former tenant), and whether chasing waits for an
officer to confirm the check."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from recovery.positions.rules import BenefitCredit
from shared.money import Money

# Benefit credited this close to the end date (or after it) means the claim was running
# when the tenancy ended: it must be checked before the former tenant is chased.
IN_PAYMENT_WINDOW = timedelta(weeks=8)


@dataclass(frozen=True)
class BenefitCheck:
    status: str  # required, not_applicable or done
    paid_to: date | None  # the last day a credit's period covers (None: no period known)
    paid_to_end: bool | None
    days_unpaid: int  # days after paid_to up to the end date
    days_paid_beyond_end: int
    estimated_due: Money  # benefit for the unpaid days at the latest credit's rate
    estimated_overpaid: Money  # benefit for days after the end: the council may recover it
    still_due: Money  # held back from chasing: the officer's confirmed figure, else the estimate
    chaseable: Money  # what may be chased from the former tenant
    hold: str | None  # why chasing waits, while the check is required

    @property
    def held(self) -> bool:
        return self.hold is not None


def in_payment_at_end(end: date, last_benefit_on: date | None) -> bool:
    return last_benefit_on is not None and last_benefit_on >= end - IN_PAYMENT_WINDOW


def check(end: date, balance: Money, last_credit_on: date | None, credits: Sequence[BenefitCredit], *,
          done: bool, confirmed_due: Money | None = None, credited_since_check: Money | None = None) -> BenefitCheck:
    """`last_credit_on`: the latest HB/UC credit's date; `confirmed_due`: what the officer
    confirmed is still to come from the benefit, reduced by benefit credited since."""
    latest = max(credits, key=lambda c: c.period_to, default=None)
    paid_to = latest.period_to if latest else None
    running = in_payment_at_end(end, max((d for d in (last_credit_on, paid_to) if d), default=None))
    status = "done" if done else "required" if running else "not_applicable"
    unpaid = (end - paid_to).days if latest and running and paid_to < end else 0
    beyond = (paid_to - end).days if latest and paid_to > end else 0
    estimated_due = latest.for_days(unpaid) if latest else Money.zero()
    overpaid = latest.for_days(beyond) if latest else Money.zero()
    owed = max(balance, Money.zero())
    if confirmed_due is not None:
        # A credit counted at the check and reversed since makes `credited_since_check`
        # negative: benefit taken back is owed by the tenant, not more to come from benefit.
        since = max(credited_since_check or Money.zero(), Money.zero())
        still_due = max(confirmed_due - since, Money.zero())
    else:
        still_due = estimated_due
    still_due = min(still_due, owed)
    hold = None
    if status == "required":
        hold = (f"benefit_check: Housing Benefit/Universal Credit was in payment when the tenancy ended on {end}; "
                "confirm it was paid up to that date before chasing the former tenant")
        if latest:
            hold += (f" (paid to {paid_to}" + (f", {unpaid} days short: about £{estimated_due} may still come "
                                               "from the benefit)" if unpaid else ")"))
    return BenefitCheck(status, paid_to, paid_to >= end if paid_to else None, unpaid, beyond, estimated_due,
                        overpaid, still_due, owed - still_due, hold)
