"""Exact money: a Decimal with two places, never a float.

Amounts are signed. Across the platform a positive amount on a ledger is a debit
(the tenant owes more) and a negative amount a credit.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema

PENNY = Decimal("0.01")
# A single posting above this is certainly a keying or file error (a council's whole
# weekly debit is a few million pounds); refusing it keeps numeric(14,2) safe too.
MAX_ABS_AMOUNT = Decimal("999999999.99")


_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
# How money is written on the wire and read from numeric(…, 2) columns: taken as it is.
_CANONICAL = re.compile(r"-?\d{1,9}\.\d{2}")


class MoneyError(ValueError):
    """Raised for a value that is not an exact amount of money."""


def _to_decimal(value: Any) -> Decimal:
    if isinstance(value, Money):
        return value.amount
    if isinstance(value, (bool, float)):
        raise MoneyError("money must not be given as a float; use a string or Decimal")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, Decimal):
        dec = value
    elif isinstance(value, str):
        text = value.strip().replace("£", "", 1)
        if "," in text:
            # Commas only as thousands separators ("1,234.56"); "5,00" is not five pounds.
            if not _THOUSANDS.match(text):
                raise MoneyError(f"not an amount of money: {value!r} (a comma may only separate thousands)")
            text = text.replace(",", "")
        try:
            dec = Decimal(text)
        except InvalidOperation:
            raise MoneyError(f"not an amount of money: {value!r}") from None
    else:
        raise MoneyError(f"not an amount of money: {type(value).__name__}")
    if not dec.is_finite():
        raise MoneyError(f"not a finite amount: {value!r}")
    if dec.adjusted() > 15:  # far out of range: checked before rounding, which would overflow (1e400)
        raise MoneyError(f"amount out of range: {value!r}")
    return dec


class Money:
    """An exact amount in pounds with exactly two decimal places."""

    __slots__ = ("amount",)

    def __init__(self, value: Any = 0, *, strict: bool = True) -> None:
        dec = _to_decimal(value)
        if strict and dec != dec.quantize(PENNY, rounding=ROUND_HALF_UP):
            raise MoneyError(f"amount has more than 2 decimal places: {value!r}")
        dec = dec.quantize(PENNY, rounding=ROUND_HALF_UP)
        if abs(dec) > MAX_ABS_AMOUNT:
            raise MoneyError(f"amount out of range: {value!r}")
        object.__setattr__(self, "amount", dec)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Money is immutable")

    @classmethod
    def _exact(cls, dec: Decimal) -> Money:
        """A Decimal already known to have two places and to be in range."""
        money = object.__new__(cls)
        object.__setattr__(money, "amount", dec)
        return money

    @classmethod
    def parse(cls, value: Any) -> Money:
        """Money(value), with a fast path for the canonical forms every event and every
        numeric(…, 2) column carries (validating batch events spent most of its time here)."""
        if type(value) is str:
            if _CANONICAL.fullmatch(value):
                return cls._exact(Decimal(value))
        elif type(value) is Decimal and value.is_finite() and value.as_tuple().exponent == -2 \
                and abs(value) <= MAX_ABS_AMOUNT:
            return cls._exact(value)
        return cls(value)

    @classmethod
    def rounded(cls, value: Any) -> Money:
        """Round half-up to the penny (for computed values such as daily rates)."""
        return cls(value, strict=False)

    @classmethod
    def from_pence(cls, pence: int) -> Money:
        return cls(Decimal(pence) / 100)

    @classmethod
    def zero(cls) -> Money:
        return cls(0)

    @property
    def pence(self) -> int:
        return int(self.amount * 100)

    # Sums and negations of two-place amounts are exact with two places: only the range is
    # checked again (the ledger's hot paths do these per posting).
    def __add__(self, other: Any) -> Money:
        if type(other) is Money:
            return _in_range(self.amount + other.amount)
        return Money(self.amount + _to_decimal(other))

    __radd__ = __add__

    def __sub__(self, other: Any) -> Money:
        if type(other) is Money:
            return _in_range(self.amount - other.amount)
        return Money(self.amount - _to_decimal(other))

    def __rsub__(self, other: Any) -> Money:
        return Money(_to_decimal(other) - self.amount)

    def __neg__(self) -> Money:
        return Money._exact(-self.amount)

    def __abs__(self) -> Money:
        return Money._exact(abs(self.amount))

    def __mul__(self, factor: Any) -> Money:
        """Multiply by a count or rate; the result is rounded half-up to the penny."""
        if isinstance(factor, Money):
            raise TypeError("cannot multiply money by money")
        return Money.rounded(self.amount * _to_decimal(factor))

    __rmul__ = __mul__

    def split(self, parts: int) -> list[Money]:
        """Split into `parts` amounts that differ by at most a penny and sum exactly."""
        if parts <= 0:
            raise ValueError("parts must be positive")
        base, remainder = divmod(self.pence, parts)
        return [Money.from_pence(base + (1 if i < remainder else 0)) for i in range(parts)]

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Money):
            return self.amount == other.amount
        if isinstance(other, (int, Decimal)) and not isinstance(other, bool):
            return self.amount == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.amount)

    def __lt__(self, other: Any) -> bool:
        return self.amount < _to_decimal(other)

    def __le__(self, other: Any) -> bool:
        return self.amount <= _to_decimal(other)

    def __gt__(self, other: Any) -> bool:
        return self.amount > _to_decimal(other)

    def __ge__(self, other: Any) -> bool:
        return self.amount >= _to_decimal(other)

    def __bool__(self) -> bool:
        return self.amount != 0

    def is_debit(self) -> bool:
        return self.amount > 0

    def is_credit(self) -> bool:
        return self.amount < 0

    def __str__(self) -> str:
        return f"{self.amount:.2f}"

    def __repr__(self) -> str:
        return f"Money('{self.amount:.2f}')"

    def __format__(self, spec: str) -> str:
        return format(self.amount, spec or ".2f")

    @classmethod
    def __get_pydantic_core_schema__(
        cls, _source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        def validate(value: Any) -> Money:
            if isinstance(value, Money):
                return value
            try:
                return cls.parse(value)
            except MoneyError as exc:
                raise ValueError(str(exc)) from None

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(
                lambda m: f"{m.amount:.2f}", when_used="always"
            ),
            json_schema_input_schema=core_schema.str_schema(
                pattern=r"^-?\d{1,9}(\.\d{1,2})?$"
            ),
        )

    @classmethod
    def __get_pydantic_json_schema__(cls, _schema: Any, _handler: Any) -> dict[str, Any]:
        return {
            "type": "string",
            "pattern": r"^-?\d{1,9}(\.\d{1,2})?$",
            "description": "Amount in pounds, exactly two decimal places; debit positive",
            "examples": ["104.50"],
        }


def _in_range(dec: Decimal) -> Money:
    if abs(dec) > MAX_ABS_AMOUNT:
        raise MoneyError(f"amount out of range: {dec}")
    return Money._exact(dec)


def total(amounts: Any) -> Money:
    result = Money.zero()
    for amount in amounts:
        result = result + amount
    return result
