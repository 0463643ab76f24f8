"""Behaviour staff configure at run time (stored in the database, changed through the
API with an audit trail): each setting's parser and default."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from billing.errors import BillingError
from shared.money import Money, MoneyError


def _positive_money(value: str) -> str:
    try:
        amount = Money(value)
    except MoneyError as exc:
        raise BillingError(str(exc)) from None
    if amount <= 0:
        raise BillingError("must be more than zero")
    return str(amount)


def _off_or_date(value: str) -> str:
    if value.strip().lower() == "off":
        return "off"
    try:
        return date.fromisoformat(value.strip()).isoformat()
    except ValueError:
        raise BillingError(f"{value!r} is neither 'off' nor a date (YYYY-MM-DD)") from None


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
    "gl_daily_export_from": SettingSpec(
        "The first day the general ledger journal is exported automatically each day ('off' for on demand only)",
        "off", _off_or_date,
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
