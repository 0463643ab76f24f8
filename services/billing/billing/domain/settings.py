"""Behaviour staff configure at run time (stored in the database, changed through the
API with an audit trail): each setting's parser and default."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from billing.domain.exceptions import BillingError
from shared.money import Money, MoneyError


def _positive_money(value: str) -> str:
    try:
        amount = Money(value)
    except MoneyError as exc:
        raise BillingError(str(exc)) from None
    if amount <= 0:
        raise BillingError("must be more than zero")
    return str(amount)


@dataclass(frozen=True)
class SettingSpec:
    description: str
    default: str
    parse: Callable[[str], str]


SETTINGS: dict[str, SettingSpec] = {
    "adjustment_approval_threshold": SettingSpec(
        "Manual adjustments and transfers above this amount wait for a second user's approval",
        "250.00", _positive_money,
    ),
}


def validate(key: str, value: str) -> str:
    spec = SETTINGS.get(key)
    if spec is None:
        raise BillingError(f"unknown setting {key!r}; known: {', '.join(sorted(SETTINGS))}")
    try:
        return spec.parse(value)
    except BillingError as exc:
        raise BillingError(f"{key}: {exc}") from None
