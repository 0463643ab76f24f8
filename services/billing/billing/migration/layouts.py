"""The CSV layouts of a legacy extract and reading one file of it: every field checked,
every problem kept with its file and line (nothing stops at the first error)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from shared.contracts.types import AccountType, ChargeType, Tenure
from shared.money import Money, MoneyError
from shared.refs import normalise_ref


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "reason": self.reason}


@dataclass(frozen=True)
class Row:
    line: int
    values: dict[str, Any]

    def __getitem__(self, name: str) -> Any:
        return self.values[name]


def _text(value: str) -> str:
    return value


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


_MONEY = re.compile(r"^-?\d{1,12}(\.\d{1,2})?$")


def _money(value: str) -> Money:
    if not _MONEY.match(value):
        raise ValueError(f"{value!r} is not an amount (e.g. 123.45 or -20.00)")
    try:
        return Money(value)
    except MoneyError as exc:
        raise ValueError(str(exc)) from None


def _count(value: str) -> int:
    if not value.isdigit():
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def _flag(value: str) -> bool:
    if value.upper() not in ("Y", "N"):
        raise ValueError(f"{value!r} is not Y or N")
    return value.upper() == "Y"


def _choice(enum: type) -> Callable[[str], Any]:
    def parse(value: str) -> Any:
        try:
            return enum(value.lower())
        except ValueError:
            allowed = ", ".join(e.value for e in enum)
            raise ValueError(f"{value!r} is not one of: {allowed}") from None
    return parse


def _legacy_ref(value: str) -> str:
    ref = normalise_ref(value)
    if not 1 <= len(ref) <= 35:
        raise ValueError(f"{value!r} is not a legacy reference (1 to 35 characters)")
    return ref


def _legacy_refs(value: str) -> list[str]:
    return [_legacy_ref(v) for v in value.split("|") if v.strip()]


@dataclass(frozen=True)
class Field:
    name: str
    parse: Callable[[str], Any] = _text
    required: bool = True
    max_length: int = 200


def _f(name: str, parse: Callable[[str], Any] = _text, *, required: bool = True, max_length: int = 200) -> Field:
    return Field(name, parse, required, max_length)


LAYOUTS: dict[str, tuple[Field, ...]] = {
    "control.csv": (
        _f("extract_id", max_length=60), _f("source_system", max_length=60), _f("cut_over_date", _date),
        _f("properties", _count), _f("tenancies", _count), _f("tenants", _count), _f("accounts", _count),
        _f("charges", _count), _f("balances", _count), _f("history", _count, required=False),
        _f("balance_total", _money),
    ),
    "properties.csv": (
        _f("property_ref", max_length=30), _f("address_line_1"), _f("address_line_2", required=False),
        _f("address_line_3", required=False), _f("postcode", max_length=10), _f("patch", max_length=40),
        _f("area", max_length=40), _f("property_type", max_length=30), _f("bedrooms", _count),
    ),
    "tenancies.csv": (
        _f("tenancy_ref", max_length=30), _f("property_ref", max_length=30), _f("tenure", _choice(Tenure)),
        _f("start_date", _date), _f("end_date", _date, required=False),
        _f("end_reason", required=False, max_length=100),
    ),
    "tenants.csv": (
        _f("tenancy_ref", max_length=30), _f("person_id", max_length=40), _f("name"), _f("is_lead", _flag),
        _f("email", required=False), _f("mobile", required=False, max_length=30),
        _f("date_of_birth", _date, required=False),
    ),
    "accounts.csv": (
        _f("legacy_account_ref", _legacy_ref, max_length=35), _f("account_type", _choice(AccountType)),
        _f("tenancy_ref", required=False, max_length=30), _f("property_ref", required=False, max_length=30),
        _f("opened_on", _date, required=False), _f("other_legacy_refs", _legacy_refs, required=False,
                                                    max_length=500),
    ),
    "charges.csv": (
        _f("legacy_account_ref", _legacy_ref, max_length=35), _f("charge_type", _choice(ChargeType)),
        _f("weekly_amount", _money), _f("effective_from", _date),
    ),
    "balances.csv": (
        _f("legacy_account_ref", _legacy_ref, max_length=35), _f("balance", _money),
    ),
    "history.csv": (
        _f("legacy_account_ref", _legacy_ref, max_length=35), _f("legacy_transaction_id", max_length=60),
        _f("transaction_date", _date), _f("transaction_type", max_length=40), _f("amount", _money),
        _f("description", required=False, max_length=300),
    ),
}


REQUIRED_FILES = tuple(name for name in LAYOUTS if name != "history.csv")


def read_file(name: str, content: str, problems: list[Problem]) -> list[Row]:
    """The rows of one file that parse cleanly; every bad header, field or line goes to
    ``problems`` with its line number (the header is line 1)."""
    fields = LAYOUTS[name]
    reader = csv.reader(io.StringIO(content.lstrip("\ufeff")))
    try:
        header = next(reader, None)
    except csv.Error as exc:
        problems.append(Problem(name, 1, f"not readable as CSV: {exc}"))
        return []
    if header is None:
        problems.append(Problem(name, 1, "the file is empty (a header line is required)"))
        return []
    header = [h.strip().lower() for h in header]
    expected = [f.name for f in fields]
    missing = [n for n in expected if n not in header]
    unknown = [h for h in header if h not in expected]
    if missing or unknown:
        detail = "; ".join(filter(None, [
            f"missing column(s): {', '.join(missing)}" if missing else "",
            f"unknown column(s): {', '.join(unknown)}" if unknown else ""]))
        problems.append(Problem(name, 1, f"header does not match the layout ({detail})"))
        return []
    rows: list[Row] = []
    try:
        _read_rows(name, reader, header, fields, rows, problems)
    except csv.Error as exc:  # an unreadable line (NUL, an unclosed quote past the size limit…) stops the file
        problems.append(Problem(name, reader.line_num, f"not readable as CSV: {exc}"))
    return rows


def _read_rows(name: str, reader: Any, header: list[str], fields: tuple[Field, ...], rows: list[Row],
               problems: list[Problem]) -> None:
    for raw in reader:
        line = reader.line_num  # the physical line where the record ends (a quoted field may span lines)
        if not any(cell.strip() for cell in raw):
            continue
        if len(raw) != len(header):
            problems.append(Problem(name, line, f"expected {len(header)} fields, found {len(raw)}"))
            continue
        cells = dict(zip(header, (c.strip() for c in raw), strict=True))
        values, errors = _parse_fields(fields, cells)
        problems.extend(Problem(name, line, e) for e in errors)
        if not errors:
            rows.append(Row(line, values))


def _parse_fields(fields: tuple[Field, ...], cells: dict[str, str]) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    errors: list[str] = []
    for f in fields:
        cell = cells[f.name]
        if not cell:
            if f.required:
                errors.append(f"{f.name} is required")
            values[f.name] = None
            continue
        if len(cell) > f.max_length:
            errors.append(f"{f.name} is longer than {f.max_length} characters")
            continue
        try:
            values[f.name] = f.parse(cell)
        except ValueError as exc:
            errors.append(f"{f.name}: {exc}")
    return values, errors
