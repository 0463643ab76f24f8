"""The annual rent and service charge review: new weekly charges for the next rent year
from a policy, with a cap, outliers flagged, and the statutory notice deadline."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal

from billing.errors import BillingError
from shared.calendar import RentYear
from shared.contracts.types import ChargeType
from shared.money import PENNY, Money

# Housing Act 1985 s103 / Housing Act 1988 s13: the notice of variation must reach the
# tenant at least four weeks before the new charges start.
NOTICE_PERIOD = timedelta(weeks=4)

POLICY_KINDS = ("percentage", "target_convergence", "file")


@dataclass(frozen=True)
class ReviewPolicy:
    """``uplift_percent`` per charge type; ``cap_percent`` (e.g. CPI + 1) limits any rise;
    target convergence adds up to ``convergence_step`` a week towards the formula rent."""

    kind: str
    uplift_percent: dict[ChargeType, Decimal] = field(default_factory=dict)
    cap_percent: Decimal | None = None
    convergence_step: Money = field(default_factory=Money.zero)
    targets: dict[str, Money] = field(default_factory=dict)
    new_rents: dict[tuple[str, ChargeType], Money] = field(default_factory=dict)
    outlier_percent: Decimal = Decimal("10")

    def __post_init__(self) -> None:
        if self.kind not in POLICY_KINDS:
            raise BillingError(f"unknown review policy {self.kind!r}; one of {', '.join(POLICY_KINDS)}")
        if self.cap_percent is not None and self.cap_percent < 0:
            raise BillingError("cap_percent must not be negative")
        if self.kind == "file" and not self.new_rents:
            raise BillingError("a file review needs at least one new rent")
        if self.kind == "target_convergence" and not self.targets:
            raise BillingError("target convergence needs target (formula) rents")

    def charge_types(self) -> set[ChargeType]:
        if self.kind == "file":
            return {t for _, t in self.new_rents}
        return set(self.uplift_percent) | ({ChargeType.RENT} if self.kind == "target_convergence" else set())


@dataclass(frozen=True)
class ReviewLine:
    account_ref: str
    charge_type: ChargeType
    old_amount: Money
    new_amount: Money
    capped: bool
    outlier: bool
    note: str | None = None

    @property
    def change(self) -> Money:
        return self.new_amount - self.old_amount


def cap_limit(old: Money, cap_percent: Decimal) -> Money:
    """The most a charge may rise to: rounded down, so the cap is never exceeded."""
    limit = old.amount * (1 + cap_percent / 100)
    return Money(limit.quantize(PENNY, rounding=ROUND_DOWN))


def _uplifted(old: Money, percent: Decimal) -> Money:
    return Money.rounded(old.amount * (1 + percent / 100))


def _proposed(policy: ReviewPolicy, account_ref: str, charge_type: ChargeType, old: Money) -> tuple[Money, str | None]:
    if policy.kind == "file":
        return policy.new_rents[(account_ref, charge_type)], "from file"
    uplift = policy.uplift_percent.get(charge_type, Decimal(0))
    new = _uplifted(old, uplift)
    if policy.kind == "target_convergence" and charge_type is ChargeType.RENT:
        target = policy.targets.get(account_ref)
        if target is None:
            return new, "no target rent: uplift only"
        gap = target - new
        if gap > 0:
            new = new + min(gap, policy.convergence_step)
    return new, None


def review_line(policy: ReviewPolicy, account_ref: str, charge_type: ChargeType, old: Money) -> ReviewLine:
    new, note = _proposed(policy, account_ref, charge_type, old)
    capped = False
    if policy.cap_percent is not None and old > 0:
        limit = cap_limit(old, policy.cap_percent)
        if new > limit:
            new, capped = limit, True
    outlier = bool(old) and abs((new - old).amount) * 100 > policy.outlier_percent * old.amount
    if not old and new:
        outlier = True
    return ReviewLine(account_ref, charge_type, old, new, capped, outlier, note)


def review(policy: ReviewPolicy, current: dict[str, dict[ChargeType, Money]]) -> list[ReviewLine]:
    """One line per account and reviewed charge type it has (a file may also add one)."""
    types = policy.charge_types()
    lines = []
    for account_ref, charges in sorted(current.items()):
        for charge_type in sorted(types):
            old = charges.get(charge_type)
            if policy.kind == "file":
                if (account_ref, charge_type) in policy.new_rents:
                    lines.append(review_line(policy, account_ref, charge_type, old or Money.zero()))
            elif old is not None:
                lines.append(review_line(policy, account_ref, charge_type, old))
    return lines


@dataclass(frozen=True)
class ReviewTotals:
    accounts: int
    lines: int
    old_weekly: Money
    new_weekly: Money
    annual_change: Money
    capped: int
    outliers: int
    by_charge_type: dict[str, dict[str, str]]


def totals(lines: list[ReviewLine], collectable_weeks: int) -> ReviewTotals:
    by_type: dict[str, dict[str, Money]] = {}
    for line in lines:
        t = by_type.setdefault(line.charge_type.value, {"old_weekly": Money.zero(), "new_weekly": Money.zero()})
        t["old_weekly"] += line.old_amount
        t["new_weekly"] += line.new_amount
    old = sum((line.old_amount for line in lines), Money.zero())
    new = sum((line.new_amount for line in lines), Money.zero())
    return ReviewTotals(
        accounts=len({line.account_ref for line in lines}), lines=len(lines), old_weekly=old, new_weekly=new,
        annual_change=(new - old) * collectable_weeks, capped=sum(line.capped for line in lines),
        outliers=sum(line.outlier for line in lines),
        by_charge_type={k: {n: str(v) for n, v in t.items()} for k, t in sorted(by_type.items())},
    )


def effective_from(rent_year: int) -> date:
    """New charges start in the first rent week of April: the rent year's first Monday."""
    return RentYear(rent_year).starts


def check_in_time(rent_year: int, today: date) -> date:
    """The last day a commit can still give four weeks' notice; refuses a later commit."""
    starts = effective_from(rent_year)
    latest = starts - NOTICE_PERIOD
    if today > latest:
        raise BillingError(
            f"too late to commit the {rent_year} review: new charges start on {starts} and the notice of "
            f"variation needs at least 4 weeks, so the review had to be committed by {latest} (today is {today})"
        )
    return latest
