"""The statement's period, from GOV.UK date inputs (day, month, year for "from" and "to"),
validated as the Design System asks: the message on the field concerned, one per date."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date

PARTS = ("day", "month", "year")
LABELS = {"from": "Start date", "to": "End date"}


@dataclass
class DateField:
    name: str  # "from" or "to"
    day: str = ""
    month: str = ""
    year: str = ""
    error: str | None = None
    bad_parts: tuple[str, ...] = ()
    value: date | None = None

    def items(self) -> list[dict[str, object]]:
        """govukDateInput's items, each part marked when it is wrong."""
        widths = {"day": 2, "month": 2, "year": 4}
        return [{"name": part, "label": part.capitalize(), "value": getattr(self, part),
                 "classes": f"govuk-input--width-{widths[part]}"
                            + (" govuk-input--error" if part in self.bad_parts else "")}
                for part in PARTS]

    @property
    def first_bad(self) -> str:
        return f"{self.name}-{self.bad_parts[0] if self.bad_parts else 'day'}"


@dataclass
class Period:
    start: DateField
    end: DateField
    errors: dict[str, str] = field(default_factory=dict)  # input id → message

    @property
    def valid(self) -> bool:
        return not self.errors

    def query(self) -> dict[str, str]:
        """The period as the statement page's query string."""
        return {f"{f.name}-{part}": getattr(f, part) for f in (self.start, self.end) for part in PARTS}


def read_date(name: str, values: Mapping[str, str]) -> DateField:
    label = LABELS[name]
    got = {part: (values.get(f"{name}-{part}") or "").strip() for part in PARTS}
    found = DateField(name, **got)
    missing = tuple(part for part in PARTS if not got[part])
    if len(missing) == 3:
        found.error, found.bad_parts = f"Enter the {label.lower()}", PARTS
        return found
    if missing:
        found.error = f"{label} must include a " + " and ".join(missing)
        found.bad_parts = missing
        return found
    if not all(got[part].isdigit() for part in PARTS):
        found.error, found.bad_parts = f"{label} must be a real date", tuple(p for p in PARTS if not got[p].isdigit())
        return found
    if len(got["year"]) != 4:
        found.error, found.bad_parts = f"{label} year must include 4 numbers", ("year",)
        return found
    try:
        found.value = date(int(got["year"]), int(got["month"]), int(got["day"]))
    except ValueError:
        found.error, found.bad_parts = f"{label} must be a real date", PARTS
        return found
    if found.value.year < 1900:
        found.error, found.bad_parts, found.value = f"{label} must be after 1900", ("year",), None
    return found


def financial_year_start(today: date) -> date:
    return date(today.year if today.month >= 4 else today.year - 1, 4, 1)


def default_period(today: date) -> Period:
    """From the start of the financial year (1 April) to today."""
    start = financial_year_start(today)
    return Period(_field("from", start), _field("to", today))


def _field(name: str, day: date) -> DateField:
    return DateField(name, str(day.day), str(day.month), str(day.year), value=day)


def read_period(values: Mapping[str, str], today: date) -> Period:
    """The period asked for; none asked for (no part of either date given) is the default."""
    if not any(values.get(f"{name}-{part}") for name in LABELS for part in PARTS):
        return default_period(today)
    period = Period(read_date("from", values), read_date("to", values))
    for dated in (period.start, period.end):
        if dated.error:
            period.errors[dated.first_bad] = dated.error
    if period.valid and period.start.value > period.end.value:
        period.end.error, period.end.bad_parts = "End date must be the same as or after the start date", PARTS
        period.errors["to-day"] = period.end.error
    return period
