"""Payment arrangements: the income and expenditure assessment (Standard Financial
Statement categories), what is affordable, the schedule, and kept/breached."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_CEILING, Decimal
from enum import StrEnum
from typing import Any

from recovery.errors import RecoveryError
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


@dataclass(frozen=True)
class IncomeExpenditure:
    """Weekly amounts by SFS category."""

    income: dict[SfsIncome, Money]
    expenditure: dict[SfsExpenditure, Money]

    def total_income(self) -> Money:
        return total(self.income.values())

    def total_expenditure(self) -> Money:
        return total(self.expenditure.values())

    def disposable_weekly(self) -> Money:
        """What is left each week after essential spending and other debts."""
        return self.total_income() - self.total_expenditure()


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


def check_affordable(assessment: IncomeExpenditure, weekly_towards_arrears: Money, weekly_charge: Money) -> None:
    """Each week the tenant pays the current charge plus the instalment (SPEC: an arrangement
    covers both), so income less every other spending must cover the two. The assessment
    counts rent under home and contents (SFS), and HB/UC housing costs as income: up to the
    weekly charge, that spending is the charge itself; any part of the charge it leaves out
    is still to be paid, and must fit too. A former tenant's charge is £0.00."""
    if weekly_towards_arrears <= 0:
        raise RecoveryError("the amount towards the arrears must be more than £0.00")
    rent_counted = min(assessment.expenditure.get(SfsExpenditure.HOME_AND_CONTENTS, Money.zero()), weekly_charge)
    other_spending = assessment.total_expenditure() - rent_counted
    left = assessment.total_income() - other_spending
    available = left - weekly_charge
    if weekly_towards_arrears > available:
        left_out = weekly_charge - rent_counted
        raise RecoveryError(
            f"£{weekly_towards_arrears} a week is not affordable: the income and expenditure assessment leaves "
            f"£{available} a week" + (f" once the £{left_out} of the weekly charge of £{weekly_charge} it does not "
                                      "count is paid" if left_out else "")
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


def schedule(start: date, frequency: str, instalment: Money, arrears: Money,
             max_periods: int = 520) -> list[Instalment]:
    """Each period's instalment until the arrears are cleared; the last is only what is left."""
    weeks = PERIOD_WEEKS[frequency]
    count = int((arrears.amount / instalment.amount).to_integral_value(ROUND_CEILING)) if arrears > 0 else 0
    if count > max_periods:
        raise RecoveryError(f"at £{instalment} the arrears would take {count} instalments; at most {max_periods}")
    rows, left = [], arrears
    for n in range(count):
        towards = min(instalment, left)
        left = left - towards
        period_start = start + timedelta(weeks=weeks * n)
        rows.append(Instalment(n + 1, period_start, period_start + timedelta(days=7 * weeks - 1), towards, left))
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
