"""Payments behaviour staff may change at run time, with the rule each value must meet."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from payments.domain.exceptions import PaymentsError


@dataclass(frozen=True)
class Setting:
    default: Any
    check: Callable[[Any], str | None]
    description: str


def _int_between(low: int, high: int) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            return f"must be a whole number from {low} to {high}"
        return None
    return check


def _pattern(regex: str, what: str) -> Callable[[Any], str | None]:
    compiled = re.compile(regex)
    return lambda value: None if isinstance(value, str) and compiled.fullmatch(value) else f"must be {what}"


SETTINGS: dict[str, Setting] = {
    # The Direct Debit Guarantee needs at least 10 working days' notice; a landlord may give more.
    "dd_notice_working_days": Setting(10, _int_between(10, 30), "Working days of advance notice before a "
                                      "first collection or a changed amount"),
    "dd_max_representations": Setting(1, _int_between(0, 2), "Times an unpaid collection (ARUDD 0, refer "
                                      "to payer) is presented again"),
    "dd_represent_after_working_days": Setting(5, _int_between(3, 30), "Working days after the ARUDD "
                                               "report that a re-presentation is collected"),
    "dd_service_user_number": Setting("000000", _pattern(r"\d{6}", "6 digits"), "Bacs service user number"),
    "dd_originator_sort_code": Setting("000000", _pattern(r"\d{6}", "6 digits"), "Collection account sort code"),
    "dd_originator_account": Setting("00000000", _pattern(r"\d{8}", "8 digits"), "Collection account number"),
    "dd_originator_name": Setting("RENT ACCOUNT", _pattern(r"[A-Z0-9 .&/\-]{1,18}", "1-18 Bacs characters "
                                  "(A-Z 0-9 . & / - space)"), "Name on collection files"),
}


def validate_setting(key: str, value: Any) -> None:
    setting = SETTINGS.get(key)
    if setting is None:
        raise PaymentsError(f"unknown setting {key!r}; known: {', '.join(sorted(SETTINGS))}")
    problem = setting.check(value)
    if problem:
        raise PaymentsError(f"{key} {problem}")
