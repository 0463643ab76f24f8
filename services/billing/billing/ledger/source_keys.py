"""The ledger's idempotency vocabulary, in one place: every posting's ``source_key`` is
built here, and the prefixes queries match (SQL ``LIKE``) to find what is already
charged are defined here, so a key and the queries that read it cannot drift apart.
The ledger refuses a second posting with the same key, so each key names its cause
exactly once. Keys are stored data: never change a shape, only add new ones."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from shared.calendar import RentWeek
from shared.contracts.types import ChargeType

PAYMENT = "payment:"
REVERSAL = "reversal:"
REFUND = "refund:"
WRITE_OFF = "write-off:"
CREDIT_TRANSFER = "transfer:"
DEBIT = "debit:"
CHARGE_CHANGE = "charge-change:"
TERMINATION = "termination:"
TENANCY_MOVE = "tenancy-move:"
INVOICE = "invoice:"
MIGRATION = "migration:"

# Postings that bring a week already charged into line with a changed schedule
# (charges/service.py): they charge the schedule, like the debit does.
SCHEDULE_SETTLEMENTS = (CHARGE_CHANGE, TERMINATION)

# Everything that charges a rent week from the schedules: the debit and the settlements.
WEEK_CHARGES = (DEBIT, *SCHEDULE_SETTLEMENTS)


def like_any(prefixes: Iterable[str]) -> list[str]:
    """``LIKE ANY(:prefixes)`` patterns matching keys that start with any of ``prefixes``."""
    return [f"{p}%" for p in prefixes]


def leg(cause: str, direction: str) -> str:
    """One side ("out" or "in") of a pair of transfer postings for one cause."""
    return f"{cause}:{direction}"


def payment(payment_id: uuid.UUID) -> str:
    """A payment's posting's source key: the same by either path (single or batch)."""
    return f"{PAYMENT}{payment_id}"


def reversal(reversal_id: uuid.UUID) -> str:
    return f"{REVERSAL}{reversal_id}"


def refund(refund_id: uuid.UUID) -> str:
    return f"{REFUND}{refund_id}"


def write_off(write_off_id: uuid.UUID) -> str:
    return f"{WRITE_OFF}{write_off_id}"


def credit_transfer(transfer_id: uuid.UUID) -> str:
    """A credit transfer refunds asked for; its postings are its two legs."""
    return f"{CREDIT_TRANSFER}{transfer_id}"


def debit(week: RentWeek, account_ref: str, charge_type: ChargeType) -> str:
    """Unique per account, rent week and charge type: the ledger refuses a second debit."""
    return f"{DEBIT}{week.rent_year}-{week.number:02d}:{account_ref}:{charge_type.value}"


def charge_change() -> str:
    """A change of charges: each is its own cause (the same change twice is two changes)."""
    return f"{CHARGE_CHANGE}{uuid.uuid4()}"


def termination(tenancy_ref: str) -> str:
    return f"{TERMINATION}{tenancy_ref}"


def settlement(cause: str, week: RentWeek, charge_type: ChargeType) -> str:
    """One week's correction of one charge type, for a charge change or a termination."""
    return f"{cause}:{week.rent_year}-{week.number:02d}:{charge_type.value}"


def tenancy_move(tenancy_ref: str) -> str:
    """The balance a household takes from this tenancy to its next (transfer, exchange)."""
    return f"{TENANCY_MOVE}{tenancy_ref}"


def adjustment(kind: str, adjustment_id: uuid.UUID) -> str:
    """An approved adjustment ("adjustment:<id>") or transfer ("transfer:<id>", with legs)."""
    return f"{kind}:{adjustment_id}"


def invoice(invoice_ref: str) -> str:
    return f"{INVOICE}{invoice_ref}"


def migration(extract_id: str) -> str:
    """A legacy extract's load: the cause of its postings, and the prefix of their keys."""
    return f"{MIGRATION}{extract_id}"


def migrated_balance(extract_id: str, legacy_ref: str) -> str:
    return f"{migration(extract_id)}:{legacy_ref}"
