"""The weekly debit: what each account owes for one rent week, from its charge schedule.

A charge applies from a first day to a last day (the later of the charge's and the
tenancy's start, the earlier of their ends). A week fully inside that span is charged
exactly the weekly amount; a part week is pro-rated by the day (shared.calendar), so
part weeks are exact to the penny and a full week never drifts.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from shared.calendar import RentWeek, part_week_charge
from shared.contracts.billing import ChargeLine
from shared.contracts.types import AccountType, ChargeType
from shared.money import Money

# Charge types whose cost counts as eligible housing costs for HB/UC by default.
BENEFIT_ELIGIBLE = frozenset({ChargeType.RENT, ChargeType.SERVICE_CHARGE, ChargeType.GARAGE})


def benefit_eligible(charge_type: ChargeType, account_type: AccountType) -> bool:
    """The one HB/UC eligibility rule for a charge on a schedule, however the charge is set
    (account opened, charges changed, rent review, migration): a garage counts as a housing
    cost only when let with the home, on its rent account, never on a garage account of its own."""
    return charge_type in BENEFIT_ELIGIBLE and account_type != AccountType.GARAGE


def charge_lines(charges: dict[ChargeType, Money], account_type: AccountType) -> list[ChargeLine]:
    return [
        ChargeLine(charge_type=t, weekly_amount=a, benefit_eligible=benefit_eligible(t, account_type))
        for t, a in charges.items()
    ]


_CHARGE_TYPES = {t.value: t for t in ChargeType}


@dataclass(frozen=True, slots=True)
class ChargePeriod:
    account_ref: str
    charge_type: ChargeType
    weekly_amount: Money
    first_day: date
    last_day: date | None = None


def charge_in_week(period: ChargePeriod, week: RentWeek) -> Money:
    first = max(period.first_day, week.starts)
    last = min(period.last_day or week.ends, week.ends)
    if first > last:
        return Money.zero()
    if first == week.starts and last == week.ends:
        return period.weekly_amount
    return part_week_charge(period.weekly_amount, week, first, last)


def period_of(
    account_ref: str,
    charge_type: str,
    weekly_amount: Money,
    starts: Iterable[date | None],
    ends: Iterable[date | None],
) -> ChargePeriod:
    """The span a charge applies: the latest of the starts to the earliest of the ends."""
    first = last = None
    for day in starts:
        if day is not None and (first is None or day > first):
            first = day
    for day in ends:
        if day is not None and (last is None or day < last):
            last = day
    if first is None:
        raise ValueError(f"no start date for the {charge_type} charge of {account_ref}")
    return ChargePeriod(account_ref, _CHARGE_TYPES[charge_type], weekly_amount, first, last)


def week_charges(periods: Iterable[ChargePeriod], week: RentWeek) -> dict[tuple[str, ChargeType], Money]:
    """One amount per account and charge type (a mid-week change sums its two parts)."""
    totals: dict[tuple[str, ChargeType], Money] = {}
    for period in periods:
        amount = charge_in_week(period, week)
        if amount:
            key = (period.account_ref, period.charge_type)
            totals[key] = totals[key] + amount if key in totals else amount
    return totals


def first_charged_day(period: ChargePeriod, week: RentWeek) -> date:
    return max(period.first_day, week.starts)
