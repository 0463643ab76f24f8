"""Breathing Space (Debt Respite Scheme, SI 2020/1311): when a moratorium ends."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum

from recovery.errors import RecoveryError

STANDARD_DAYS = 60
CRISIS_EXTRA_DAYS = 30


class MoratoriumType(StrEnum):
    STANDARD = "standard"
    MENTAL_HEALTH_CRISIS = "mental_health_crisis"


def moratorium_end(kind: MoratoriumType, start: date, crisis_treatment_ends_on: date | None) -> date | None:
    """The last day of protection: 60 days for a standard moratorium; for a mental
    health crisis moratorium the treatment plus 30 days (open while treatment lasts)."""
    if kind is MoratoriumType.STANDARD:
        if crisis_treatment_ends_on is not None:
            raise RecoveryError("a standard moratorium has no crisis treatment end date")
        return start + timedelta(days=STANDARD_DAYS - 1)
    if crisis_treatment_ends_on is None:
        return None
    if crisis_treatment_ends_on < start:
        raise RecoveryError("crisis treatment cannot end before the moratorium starts")
    return crisis_treatment_ends_on + timedelta(days=CRISIS_EXTRA_DAYS)


def is_active(start: date, ends_on: date | None, today: date) -> bool:
    return start <= today and (ends_on is None or today <= ends_on)
