"""What leasehold announces to the rest of billing, in the same transaction
(``uow.announce``; the handlers are wired in billing/bootstrap.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class LeaseStarting:
    """A leasehold account's lease is being set to start on ``starts_on``; it is written
    after the reactions, so one may refuse it (e.g. a weekly charge the lease would invoice)."""

    account_ref: str
    starts_on: date
