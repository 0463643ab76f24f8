"""Limitation Act 1980: action on a debt is statute-barred six years after the last
payment or written acknowledgement (or after it fell due, if neither)."""

from __future__ import annotations

from datetime import date

LIMITATION_YEARS = 6


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def limitation_date(fell_due: date, last_payment: date | None, last_acknowledgement: date | None) -> date:
    latest = max(d for d in (fell_due, last_payment, last_acknowledgement) if d is not None)
    return _add_years(latest, LIMITATION_YEARS)


def is_statute_barred(limitation: date, today: date) -> bool:
    return today >= limitation
