"""Right to Buy (Housing Act 1985 Part V): eligibility from the tenancy history, the
discount with its working, the Section 125 service charge estimate for flats, and the
statutory stages with their deadlines. Every figure comes from ``RtbRules`` (held in the
database and changed through the API), never from constants here."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from billing.errors import BillingError
from billing.leasehold.rules import Lease
from shared.money import Money

DAYS_PER_YEAR = Decimal("365.25")


@dataclass(frozen=True)
class DiscountRule:
    base_percent: Decimal
    base_years: int  # the base percentage covers every qualifying year up to this many
    per_year_percent: Decimal  # added for each whole year beyond base_years
    max_percent: Decimal


@dataclass(frozen=True)
class RtbRules:
    min_qualifying_years: int
    house: DiscountRule
    flat: DiscountRule
    cash_caps: dict[str, Money]
    default_region: str
    eligible_tenures: tuple[str, ...]
    excluded_property_types: tuple[str, ...]
    acknowledgement_days: int
    admission_weeks: int
    admission_weeks_other_landlord: int
    offer_weeks_house: int
    offer_weeks_flat: int
    completion_weeks: int
    service_charge_reference_years: int
    service_charge_uplift_percent: Decimal

    def rule_for(self, form: str) -> DiscountRule:
        return self.flat if form == "flat" else self.house

    def cap_for(self, region: str) -> Money:
        if region not in self.cash_caps:
            raise BillingError(f"no Right to Buy cash cap is configured for region {region!r}; "
                               f"configured: {sorted(self.cash_caps)}")
        return self.cash_caps[region]


# --- eligibility ---------------------------------------------------------------------


@dataclass(frozen=True)
class TenancyPeriod:
    """A spell as a public sector tenant: with this landlord (from billing's tenancies)
    or with another public sector landlord (declared on the RTB1)."""

    starts: date
    ends: date | None
    landlord: str


@dataclass(frozen=True)
class Finding:
    code: str
    detail: str


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    qualifying_days: int
    qualifying_years: int
    relies_on_other_landlords: bool
    refusals: list[Finding]
    # Not reasons to refuse, but completion waits until they are cleared (s138(2)).
    completion_blockers: list[Finding]

    def as_dict(self) -> dict[str, object]:
        return {"eligible": self.eligible, "qualifying_days": self.qualifying_days,
                "qualifying_years": self.qualifying_years,
                "relies_on_other_landlords": self.relies_on_other_landlords,
                "refusals": [vars(f) for f in self.refusals],
                "completion_blockers": [vars(f) for f in self.completion_blockers]}


def qualifying_days(periods: list[TenancyPeriod], as_at: date) -> int:
    """Days as a public sector tenant up to ``as_at``, overlaps counted once."""
    spans = sorted((p.starts, min(p.ends or as_at, as_at)) for p in periods if p.starts <= as_at)
    days, covered_to = 0, None
    for starts, ends in spans:
        if covered_to is not None and starts <= covered_to:
            starts = covered_to + timedelta(days=1)
        if starts <= ends:
            days += (ends - starts).days + 1
            covered_to = ends
    return days


@dataclass(frozen=True)
class Applicant:
    tenure: str
    property_type: str
    periods: list[TenancyPeriod]
    non_tenant_applicants: list[str] = field(default_factory=list)
    possession_order: bool = False
    bankruptcy_pending: bool = False
    arrears: Money = field(default_factory=Money.zero)


def assess(rules: RtbRules, applicant: Applicant, received_on: date, own_landlord: str) -> Eligibility:
    days = qualifying_days(applicant.periods, received_on)
    years = int(Decimal(days) / DAYS_PER_YEAR)
    own_days = qualifying_days([p for p in applicant.periods if p.landlord == own_landlord], received_on)
    refusals = []
    if applicant.tenure not in rules.eligible_tenures:
        refusals.append(Finding("tenure", f"{applicant.tenure} tenancies have no Right to Buy "
                                          f"(only {', '.join(rules.eligible_tenures)})"))
    if applicant.property_type in rules.excluded_property_types:
        refusals.append(Finding("excluded_property", f"{applicant.property_type} properties are excluded"))
    if applicant.non_tenant_applicants:
        refusals.append(Finding("not_a_tenant", "not a current tenant of this tenancy: "
                                                + ", ".join(applicant.non_tenant_applicants)))
    if years < rules.min_qualifying_years:
        refusals.append(Finding("qualifying_period", f"{days} days ({years} whole years) as a public sector "
                                                     f"tenant by {received_on}; {rules.min_qualifying_years} "
                                                     "years are needed"))
    if applicant.possession_order:
        refusals.append(Finding("possession_order", "the tenant is obliged to give up possession under a "
                                                    "possession order"))
    if applicant.bankruptcy_pending:
        refusals.append(Finding("bankruptcy", "a bankruptcy petition is pending against the tenant"))
    blockers = []
    if applicant.arrears > 0:
        blockers.append(Finding("arrears", f"rent arrears of £{applicant.arrears} must be cleared before "
                                           "completion"))
    return Eligibility(not refusals, days, years, own_days < days, refusals, blockers)


# --- discount ------------------------------------------------------------------------


@dataclass(frozen=True)
class Discount:
    percent: Decimal
    by_percentage: Money
    cash_cap: Money
    cost_floor_limit: Money | None
    previous_discount: Money
    discount: Money
    price: Money
    working: list[str]

    def as_dict(self) -> dict[str, object]:
        return {"percent": str(self.percent), "by_percentage": str(self.by_percentage),
                "cash_cap": str(self.cash_cap),
                "cost_floor_limit": None if self.cost_floor_limit is None else str(self.cost_floor_limit),
                "previous_discount": str(self.previous_discount), "discount": str(self.discount),
                "price": str(self.price), "working": self.working}


def discount_percent(rule: DiscountRule, years: int, min_years: int) -> Decimal:
    if years < min_years:
        return Decimal(0)
    return min(rule.max_percent, rule.base_percent + rule.per_year_percent * max(0, years - rule.base_years))


def compute_discount(
    rules: RtbRules, form: str, years: int, valuation: Money, region: str,
    cost_floor: Money | None = None, previous_discount: Money | None = None,
) -> Discount:
    if valuation <= 0:
        raise BillingError("the valuation must be more than zero")
    rule = rules.rule_for(form)
    previous = previous_discount or Money.zero()
    percent = discount_percent(rule, years, rules.min_qualifying_years)
    extra = max(0, years - rule.base_years)
    working = [f"{years} qualifying years, {form}: {rule.base_percent}% + {rule.per_year_percent}% x {extra} "
               f"years beyond {rule.base_years} = {rule.base_percent + rule.per_year_percent * extra}%, "
               f"at most {rule.max_percent}% -> {percent}%"]
    by_percentage = valuation * (percent / 100)
    working.append(f"£{valuation} x {percent}% = £{by_percentage}")
    cap = rules.cap_for(region)
    amount = min(by_percentage, cap)
    working.append(f"cash cap for {region}: £{cap} -> £{amount}" + (" (capped)" if by_percentage > cap else ""))
    if previous:
        amount = max(Money.zero(), amount - previous)
        working.append(f"less an earlier Right to Buy discount of £{previous} -> £{amount}")
    floor_limit = None
    if cost_floor is not None and cost_floor > 0:
        floor_limit = max(Money.zero(), valuation - cost_floor)
        if amount > floor_limit:
            amount = floor_limit
            working.append(f"cost floor £{cost_floor}: the price may not fall below it, so at most "
                           f"£{floor_limit} -> £{amount}")
        else:
            working.append(f"cost floor £{cost_floor}: price stays above it")
    price = valuation - amount
    working.append(f"price: £{valuation} - £{amount} = £{price}")
    return Discount(percent, by_percentage, cap, floor_limit, previous, amount, price, working)


# --- Section 125 service charge estimate (flats) -------------------------------------


@dataclass(frozen=True)
class Works:
    description: str
    year: int
    amount: Money  # the leaseholder's share


def service_charge_estimate(
    rules: RtbRules, weekly_service_charges: Money, works: list[Works], weeks_per_year: int = 52,
) -> list[dict[str, str | int]]:
    """Estimated service charges and improvement contributions for each year of the
    reference period, year 1 from today's weekly charges, later years uplifted."""
    years = rules.service_charge_reference_years
    late = [w for w in works if not 1 <= w.year <= years]
    if late:
        raise BillingError(f"works must fall in years 1 to {years} of the reference period: {late[0].description}")
    annual = weekly_service_charges * weeks_per_year
    uplift = 1 + rules.service_charge_uplift_percent / 100
    rows = []
    for year in range(1, years + 1):
        charges = annual * (uplift ** (year - 1))
        improvements = sum((w.amount for w in works if w.year == year), Money.zero())
        rows.append({"year": year, "service_charges": str(charges), "improvements": str(improvements),
                     "total": str(charges + improvements)})
    return rows


def check_completion_lease(property_form: str, lease: Lease | None) -> None:
    """A flat is sold on a lease, whose terms (the block or estate's service charge scheme,
    the flat's share of its costs, the ground rent) the completion must give; a house is
    sold freehold, with no lease."""
    if property_form == "flat" and lease is None:
        raise BillingError("completing the sale of a flat grants a lease: give the lease's service charge scheme "
                           "(block or estate), the flat's share of the scheme's costs and the annual ground rent")
    if property_form != "flat" and lease is not None:
        raise BillingError("a house is sold freehold: completion takes no lease")


# --- statutory stages ----------------------------------------------------------------


@dataclass(frozen=True)
class StageDates:
    received_on: date
    form: str
    relies_on_other_landlords: bool
    status: str
    acknowledged_on: date | None = None
    decided_on: date | None = None
    offered_on: date | None = None
    completed_on: date | None = None


@dataclass(frozen=True)
class Stage:
    name: str
    due_on: date | None
    done_on: date | None
    status: str  # done, done_late, pending, overdue, waiting (no due date yet), not_applicable


def _stage(name: str, due: date | None, done: date | None, as_at: date, applies: bool) -> Stage:
    if done is not None:
        return Stage(name, due, done, "done_late" if due is not None and done > due else "done")
    if not applies:
        return Stage(name, due, None, "not_applicable")
    if due is None:
        return Stage(name, None, None, "waiting")
    return Stage(name, due, None, "overdue" if as_at > due else "pending")


def stages(rules: RtbRules, app: StageDates, as_at: date) -> list[Stage]:
    live = app.status not in ("denied", "withdrawn", "completed")
    admission = rules.admission_weeks_other_landlord if app.relies_on_other_landlords else rules.admission_weeks
    offer = rules.offer_weeks_flat if app.form == "flat" else rules.offer_weeks_house
    admitted = app.status in ("admitted", "offered", "completed")
    return [
        _stage("acknowledgement", app.received_on + timedelta(days=rules.acknowledgement_days),
               app.acknowledged_on, as_at, live),
        _stage("admission_or_denial", app.received_on + timedelta(weeks=admission), app.decided_on, as_at, live),
        _stage("offer", app.decided_on + timedelta(weeks=offer) if admitted and app.decided_on else None,
               app.offered_on, as_at, live and (admitted or app.decided_on is None)),
        _stage("completion", app.offered_on + timedelta(weeks=rules.completion_weeks) if app.offered_on else None,
               app.completed_on, as_at, live),
    ]
