"""What configuration announces to the rest of billing, in the same transaction
(``uow.announce``; the handlers are wired in billing/bootstrap.py)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RentFreeWeeksChanging:
    """These weeks of the rent year are about to become (or stop being) rent-free; the
    change is written after the reactions, so one may refuse it (e.g. a week already debited)."""

    rent_year: int
    weeks: frozenset[int]
