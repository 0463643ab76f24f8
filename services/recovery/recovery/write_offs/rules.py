"""Write-offs: reasons, approval limits by role and maker-checker."""

from __future__ import annotations

from enum import StrEnum

from recovery.errors import Forbidden
from shared.money import Money


class WriteOffReason(StrEnum):
    DECEASED = "deceased"
    STATUTE_BARRED = "statute_barred"
    UNTRACEABLE = "untraceable"
    UNECONOMIC = "uneconomic"
    BANKRUPTCY = "bankruptcy"
    DEBT_RELIEF_ORDER = "debt_relief_order"


def approval_limit(roles: frozenset[str], limits: dict[str, Money]) -> Money | None:
    """The highest amount any of the caller's roles may approve (None: no role may)."""
    held = [limits[role] for role in roles if role in limits]
    return max(held) if held else None


def check_approver(proposed_by: str, approver: str, roles: frozenset[str], amount: Money,
                   limits: dict[str, Money]) -> None:
    if approver == proposed_by:
        raise Forbidden("a write-off must be approved by someone other than the officer who proposed it")
    limit = approval_limit(roles, limits)
    if limit is None:
        raise Forbidden("none of your roles may approve write-offs")
    if amount > limit:
        raise Forbidden(f"£{amount} is above your approval limit of £{limit}")
