"""The refund policy a landlord configures (held in the database, changed through the
API with an audit trail): clearing windows, approval limits and thresholds."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from shared.money import Money

# Defaults seeded by the migration; each can be changed through /config.
DEFAULT_CLEARING_DAYS = {
    "direct_debit": 35,  # a DD indemnity claim usually lands within a collection cycle or two
    "card": 120,  # card scheme chargeback window
    "cheque": 10,
}
DEFAULT_APPROVAL_LIMITS = {"senior_officer": Money("500.00"), "finance_approver": Money("10000.00")}


@dataclass(frozen=True)
class RefundPolicy:
    dual_approval_threshold: Money = field(default_factory=lambda: Money("2500.00"))
    keep_weeks: int = 1
    minimum_refund: Money = field(default_factory=lambda: Money("1.00"))
    review_day_of_month: int = 1
    clearing_days: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_CLEARING_DAYS))
    approval_limits: dict[str, Money] = field(default_factory=lambda: dict(DEFAULT_APPROVAL_LIMITS))

    def clears_on(self, method: str, received_on: date) -> date | None:
        """The day a payment by ``method`` can no longer be clawed back (None: at once)."""
        days = self.clearing_days.get(method, 0)
        return received_on + timedelta(days=days) if days > 0 else None

    def approval_limit(self, roles: frozenset[str]) -> Money:
        """The highest limit any of the user's roles carries (zero if none)."""
        limits = [self.approval_limits[r] for r in roles if r in self.approval_limits]
        return max(limits, default=Money.zero())

    def approvals_needed(self, amount: Money) -> int:
        return 2 if amount > self.dual_approval_threshold else 1
