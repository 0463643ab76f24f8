"""What an income file adapter yields: one record per money line or advice, or the
reason a line is rejected. A structural error rejects the whole file."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum

from shared.contracts.types import PaymentMethod
from shared.money import Money, MoneyError


class FileStructureError(Exception):
    """The file as a whole is unusable (bad header, trailer, encoding, XML); nothing is applied."""

    def __init__(self, reason: str, line_no: int | None = None) -> None:
        super().__init__(f"line {line_no}: {reason}" if line_no else reason)
        self.reason = str(self)


class LineInvalid(ValueError):
    """One field of one line is wrong; the line is rejected, the rest of the file goes on."""


class Kind(StrEnum):
    PAYMENT = "payment"  # money received for an account reference
    DEDUCTION = "deduction"  # HB overpayment recovered from a schedule: debit the overpaid account
    UNPAID = "unpaid"  # ARUDD: a Direct Debit collection came back unpaid
    MANDATE_ADVICE = "mandate_advice"  # ADDACS amendment/cancellation, AUDDIS rejection


@dataclass(frozen=True)
class Record:
    line_no: int
    kind: Kind
    reference: str
    amount: Money
    on: date
    external_id: str
    method: PaymentMethod = PaymentMethod.OTHER
    channel: str = ""
    period_from: date | None = None
    period_to: date | None = None
    reason_code: str = ""
    detail: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Rejected:
    line_no: int
    reason: str
    reference: str | None = None
    amount: Money | None = None


def parse_amount(text: str, *, allow_zero: bool = False) -> Money:
    text = text.strip()
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise LineInvalid(f"amount {text!r} is not a number") from None
    if not value.is_finite():
        raise LineInvalid(f"amount {text!r} is not a number")
    if value < 0 or (value == 0 and not allow_zero):
        raise LineInvalid(f"amount {text} must be positive")
    try:
        return Money(value)
    except MoneyError as exc:
        raise LineInvalid(str(exc)) from None


def numeric_value(text: str) -> Decimal | None:
    """The amount as written, for control totals; None if it is not a number at all."""
    try:
        value = Decimal(text.strip())
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def parse_date(text: str, what: str = "date") -> date:
    text = text.strip()
    try:
        if len(text) == 10 and text[2] == "/" and text[5] == "/":
            return date(int(text[6:]), int(text[3:5]), int(text[:2]))
        return date.fromisoformat(text)
    except ValueError:
        raise LineInvalid(f"{what} {text!r} is not a valid date (YYYY-MM-DD or DD/MM/YYYY)") from None


def parse_period(start: str, end: str) -> tuple[date, date]:
    period_from, period_to = parse_date(start, "period from"), parse_date(end, "period to")
    if period_to < period_from:
        raise LineInvalid(f"period to {period_to} is before period from {period_from}")
    return period_from, period_to
