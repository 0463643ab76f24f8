"""Payment arrangements: the income and expenditure assessment (Standard Financial
Statement categories), what is affordable, the schedule, and kept/breached."""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from typing import Any

from recovery.errors import Invalid
from recovery.positions.rules import ChargeHistory
from shared.money import Money, total


class SfsIncome(StrEnum):
    EARNINGS = "earnings"
    BENEFITS = "benefits_and_tax_credits"
    PENSIONS = "pensions"
    OTHER_INCOME = "other_income"


class SfsExpenditure(StrEnum):
    HOME_AND_CONTENTS = "home_and_contents"
    UTILITIES = "utilities"
    CARE_AND_HEALTH = "care_and_health"
    TRANSPORT_AND_TRAVEL = "transport_and_travel"
    SCHOOL_COSTS = "school_costs"
    PENSIONS_AND_INSURANCES = "pensions_and_insurances"
    PROFESSIONAL_COSTS = "professional_costs"
    OTHER_ESSENTIAL_COSTS = "other_essential_costs"
    COMMUNICATIONS_AND_LEISURE = "communications_and_leisure"
    FOOD_AND_HOUSEKEEPING = "food_and_housekeeping"
    PERSONAL_COSTS = "personal_costs"
    SAVINGS = "savings_contributions"
    PRIORITY_DEBTS = "priority_debts"
    OTHER_DEBTS = "other_debts"


PERIOD_WEEKS = {"weekly": 1, "fortnightly": 2, "four_weekly": 4}
# How many of each period a year holds (SPEC, SFS): a monthly amount is times 12 divided
# by 52 a week, a weekly one times 52 divided by 12 a month. Affordability compares the yearly amounts, so the
# conversion never rounds; only the figures shown to people are rounded to the penny.
PERIODS_A_YEAR = {"weekly": 52, "fortnightly": 26, "four_weekly": 13, "monthly": 12}
FREQUENCIES = tuple(PERIODS_A_YEAR)
BASES = ("weekly", "monthly")  # what an income and expenditure assessment's amounts are per
PER = {"weekly": "a week", "fortnightly": "a fortnight", "four_weekly": "every four weeks", "monthly": "a month"}


def yearly(amount: Money, frequency: str) -> Decimal:
    """An amount paid every `frequency`, over a year, exactly."""
    return amount.amount * PERIODS_A_YEAR[frequency]


def converted(amount: Money, frequency: str, to: str) -> Money:
    """An amount every `frequency` as an amount every `to` (monthly × 12 ÷ 52 weekly, and back),
    rounded half-up to the penny."""
    if frequency == to:
        return amount
    return Money.rounded(yearly(amount, frequency) / PERIODS_A_YEAR[to])


@dataclass(frozen=True)
class IncomeExpenditure:
    """Amounts by SFS category, each per week or each per month (`basis`: a Universal
    Credit claimant's budget is monthly)."""

    income: dict[SfsIncome, Money]
    expenditure: dict[SfsExpenditure, Money]
    basis: str = "weekly"

    def total_income(self) -> Money:
        return total(self.income.values())

    def total_expenditure(self) -> Money:
        return total(self.expenditure.values())

    def disposable(self) -> Money:
        """What is left each week or month (the basis) after essential spending and other debts."""
        return self.total_income() - self.total_expenditure()

    def disposable_weekly(self) -> Money:
        """What is left each week (a monthly assessment's × 12 ÷ 52, to the penny)."""
        return converted(self.disposable(), self.basis, "weekly")

    def disposable_monthly(self) -> Money:
        return converted(self.disposable(), self.basis, "monthly")


@dataclass(frozen=True)
class Instalment:
    """What an arrangement fixes for a period: its dates and the amount towards the arrears.
    The charge on top is whatever falls due in the period (see `expected`)."""

    period_no: int
    period_start: date
    period_end: date
    towards: Money
    arrears_after: Money

    def expected(self, charges: ChargeHistory) -> Money:
        return charges.due(self.period_start, self.period_end) + self.towards


def check_affordable(assessment: IncomeExpenditure, towards_arrears: Money, weekly_charge: Money,
                     frequency: str = "weekly") -> None:
    """Each period the tenant pays the charge falling due plus the instalment (SPEC: an
    arrangement covers both), so income less every other spending must cover the two. The
    assessment counts rent under home and contents (SFS), and HB/UC housing costs as income:
    up to the charge, that spending is the charge itself; any part of the charge it leaves
    out is still to be paid, and must fit too. A former tenant's charge is £0.00.

    `towards_arrears` is the instalment every `frequency`. The assessment (weekly or
    monthly), the weekly charge and the instalment are compared as yearly amounts (× 52,
    × 26, × 13 or × 12), so a monthly figure meets a weekly one exactly (× 12 ÷ 52). The
    refusal speaks in months when the arrangement or the assessment is monthly, else in weeks."""
    if towards_arrears <= 0:
        raise Invalid("the amount towards the arrears must be more than £0.00", "instalment")
    basis = assessment.basis
    charge = yearly(weekly_charge, "weekly")
    rent_counted = min(yearly(assessment.expenditure.get(SfsExpenditure.HOME_AND_CONTENTS, Money.zero()), basis),
                       charge)
    other_spending = yearly(assessment.total_expenditure(), basis) - rent_counted
    available = yearly(assessment.total_income(), basis) - other_spending - charge
    if yearly(towards_arrears, frequency) <= available:
        return
    unit = "monthly" if "monthly" in (frequency, basis) else "weekly"
    per = PER[unit]

    def shown(year_amount: Decimal) -> Money:
        return Money.rounded(year_amount / PERIODS_A_YEAR[unit])

    left_out = charge - rent_counted
    if unit == "weekly":
        charge_text = f"the weekly charge of £{weekly_charge}"
    else:
        charge_text = f"the weekly charge of £{weekly_charge} (£{shown(charge)} a month)"
    raise Invalid(
        f"£{converted(towards_arrears, frequency, unit)} {per} is not affordable: the income and expenditure "
        f"assessment leaves £{shown(available)} {per}"
        + (f" once the £{shown(left_out)}{'' if unit == 'weekly' else ' a month'} of {charge_text} it does not "
           "count is paid" if shown(left_out) > 0 else ""),
        "instalment",
    )


def stored_instalment(entry: Mapping[str, Any], agreed_weekly: Money) -> Instalment:
    """A schedule row as stored. Older rows hold the payment expected at agreement instead
    of the instalment: that less the charge the arrangement was made with."""
    start, end = date.fromisoformat(entry["period_start"]), date.fromisoformat(entry["period_end"])
    if "towards" in entry:
        towards = Money(entry["towards"])
    else:
        towards = Money(entry["expected"]) - agreed_weekly * (((end - start).days + 1) // 7)
    return Instalment(int(entry["period_no"]), start, end, towards, Money(entry["arrears_after"]))


def monthly_period_start(start: date, n: int) -> date:
    """The first day of a monthly arrangement's period n (0 first): the start date's day of
    the month, n calendar months on. A start on the 29th, 30th or 31st falls on the month's
    last day in a shorter month, and returns to its own day in the next long enough one
    (31 January: 28 February, 31 March, 30 April, 31 May, ...): the anchor never drifts."""
    months = start.month - 1 + n
    year, month = start.year + months // 12, months % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def period_dates(start: date, frequency: str, n: int) -> tuple[date, date]:
    """Period n's (0 first) first and last days: whole weeks for weekly, fortnightly and
    four-weekly arrangements; calendar months from the start date for monthly ones, each
    running to the day before the next begins."""
    if frequency == "monthly":
        return monthly_period_start(start, n), monthly_period_start(start, n + 1) - timedelta(days=1)
    weeks = PERIOD_WEEKS[frequency]
    first = start + timedelta(weeks=weeks * n)
    return first, first + timedelta(days=7 * weeks - 1)


def schedule(start: date, frequency: str, instalment: Money, arrears: Money,
             max_periods: int = 520) -> list[Instalment]:
    """Each period's instalment until the arrears are cleared; the last is only what is left."""
    count = int((arrears.amount / instalment.amount).to_integral_value(ROUND_CEILING)) if arrears > 0 else 0
    if count > max_periods:
        raise Invalid(f"at £{instalment} the arrears would take {count} instalments; at most {max_periods}",
                      "instalment")
    rows, left = [], arrears
    for n in range(count):
        towards = min(instalment, left)
        left = left - towards
        rows.append(Instalment(n + 1, *period_dates(start, frequency, n), towards, left))
    return rows


@dataclass(frozen=True)
class Tolerance:
    """A period counts as kept if paid is short by no more than this amount or percentage."""

    amount: Money = field(default_factory=lambda: Money("1.00"))
    percent: Decimal = Decimal("0")

    def allowed_shortfall(self, expected: Money) -> Money:
        return max(self.amount, Money.rounded(expected.amount * self.percent / 100))


def assess_period(expected: Money, paid: Money, tolerance: Tolerance) -> tuple[bool, str]:
    """(kept, reason) for one period of an arrangement."""
    if paid <= 0:
        return False, "missed: nothing paid in the period"
    shortfall = expected - paid
    if shortfall > tolerance.allowed_shortfall(expected):
        return False, f"short by £{shortfall}, beyond the tolerance of £{tolerance.allowed_shortfall(expected)}"
    return True, "kept"
