"""What happens to a tenancy that other capabilities react to in the same transaction
(announced with ``uow.announce``; the handlers are wired in billing/bootstrap.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class TenancyLet:
    """A tenancy of the home starts (its rent account is open)."""

    property_ref: str
    tenancy_ref: str
    start_date: date
    actor: str


@dataclass(frozen=True)
class TenancyEnded:
    """A tenancy ended on ``last_day`` (its charges ended and its account closed)."""

    property_ref: str
    tenancy_ref: str
    account_ref: str
    last_day: date
    actor: str
