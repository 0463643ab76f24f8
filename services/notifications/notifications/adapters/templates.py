"""Jinja2 letter templates, versioned per letter type:
``templates/letters/<letter_type>/v<N>/letter.html.j2`` (the letter, laid out for print)
and ``summary.txt.j2`` (the text of an SMS or an email's body).

Rendering is strict: a template that names data its context lacks fails (in its test),
instead of printing a blank where an amount should be."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from shared.money import Money

TEMPLATE_ROOT = Path(__file__).resolve().parent.parent / "templates"
_VERSION_DIR = re.compile(r"^v(\d+)$")


class TemplateMissing(LookupError):
    pass


def _money(value: Any) -> str:
    amount = Money(value).amount
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


def _balance(value: Any) -> str:
    """A balance for a tenant to read: debit is what they owe."""
    amount = Money(value)
    if amount.is_credit():
        return f"{_money(abs(amount))} in credit"
    return f"{_money(amount)} owed" if amount else _money(amount)


def _longdate(value: date) -> str:
    if not isinstance(value, date):
        raise TypeError(f"not a date: {value!r}")
    return f"{value.day} {value:%B %Y}"


def _weeks(value: Any) -> str:
    return f"{Decimal(str(value)).quantize(Decimal('0.1')):f}"


def _label(value: Any) -> str:
    return str(value).replace("_", " ").capitalize()


PAYEES = {"tenant": "you", "housing_benefit": "Housing Benefit", "universal_credit": "Universal Credit (DWP)"}


def _payee(value: str) -> str:
    return PAYEES.get(value, value.replace("_", " "))


@cache
def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATE_ROOT),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default_for_string=True, default=False),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.filters.update(money=_money, balance=_balance, longdate=_longdate, weeks=_weeks, label=_label,
                       payee=_payee)
    return env


def versions(letter_type: str) -> list[int]:
    folder = TEMPLATE_ROOT / "letters" / letter_type
    if not folder.is_dir():
        return []
    found = (_VERSION_DIR.match(p.name) for p in folder.iterdir() if p.is_dir())
    return sorted(int(m.group(1)) for m in found if m)


def version_to_use(letter_type: str, pinned: int | None = None) -> int:
    available = versions(letter_type)
    if not available:
        raise TemplateMissing(f"no template for letter type {letter_type!r}")
    if pinned is not None:
        if pinned not in available:
            raise TemplateMissing(f"{letter_type} has no template version {pinned} (has {available})")
        return pinned
    return available[-1]


def render(letter_type: str, version: int, part: str, context: dict[str, Any]) -> str:
    """Render ``part`` ('letter.html' or 'summary.txt') of a letter type's template version."""
    name = f"letters/{letter_type}/v{version}/{part}.j2"
    return environment().get_template(name).render(**context).strip()
