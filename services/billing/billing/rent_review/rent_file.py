"""A file of new rents for a review: CSV with the header
``account_ref,charge_type,weekly_amount``, one new weekly charge per line."""

from __future__ import annotations

import csv
import io
from typing import Any

from billing.errors import BillingError
from shared.contracts.types import ChargeType
from shared.money import Money, MoneyError
from shared.refs import is_valid_account_ref

HEADER = ["account_ref", "charge_type", "weekly_amount"]


def parse(data: bytes) -> tuple[dict[tuple[str, ChargeType], Money], list[dict[str, Any]]]:
    """The new rents and the rejected lines (line number and reason)."""
    try:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    except UnicodeDecodeError:
        raise BillingError("the file of new rents is not UTF-8 text") from None
    if not rows or [c.strip().lower() for c in rows[0]] != HEADER:
        raise BillingError(f"line 1: the header must be {','.join(HEADER)}")
    rents: dict[tuple[str, ChargeType], Money] = {}
    rejected: list[dict[str, Any]] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        problem, key, amount = _line(row)
        if problem is None and key in rents:
            problem = "the account and charge type were already given on an earlier line"
        if problem:
            rejected.append({"line": number, "account_ref": row[0].strip() if row else "", "reason": problem})
        else:
            rents[key] = amount
    return rents, rejected


def _line(row: list[str]) -> tuple[str | None, Any, Any]:
    if len(row) != len(HEADER):
        return f"expected {len(HEADER)} fields, found {len(row)}", None, None
    ref, charge_type, amount = (cell.strip() for cell in row)
    if not is_valid_account_ref(ref):
        return f"account reference {ref!r} fails its check digit", None, None
    try:
        kind = ChargeType(charge_type)
    except ValueError:
        return f"unknown charge type {charge_type!r}", None, None
    try:
        money = Money(amount)
    except MoneyError as exc:
        return str(exc), None, None
    if money < 0:
        return "a weekly charge must not be negative", None, None
    return None, (ref, kind), money
