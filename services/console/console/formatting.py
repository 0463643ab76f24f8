"""How the console writes money, dates and codes (GOV.UK style): £1,234.56, "in credit" for a
negative balance, 6 April 2026, "Notice seeking possession" for notice_seeking_possession.
Registered as template filters in app.py, so every screen writes them the same way."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")
MINUS = "\u2212"  # a minus sign, not a hyphen


def _decimal(amount: str | Decimal | int | float | None) -> Decimal | None:
    if amount is None or amount == "":
        return None
    try:
        return Decimal(str(amount))
    except InvalidOperation:
        return None


def money(amount: str | Decimal | int | float | None) -> str:
    """£1,234.56 for a debit balance (owed); "£12.00 in credit" for a negative one."""
    value = _decimal(amount)
    if value is None:
        return ""
    text = f"£{abs(value):,.2f}"
    return f"{text} in credit" if value < 0 else text


def amount(value: str | Decimal | int | float | None) -> str:
    """£1,234.56 without a sign, for a column that already says debit or credit."""
    number = _decimal(value)
    return "" if number is None else f"£{abs(number):,.2f}"


def signed_money(value: str | Decimal | int | float | None) -> str:
    """£12.00 or −£12.00 (a minus sign, not a hyphen), for a movement."""
    number = _decimal(value)
    if number is None:
        return ""
    return f"{MINUS}£{abs(number):,.2f}" if number < 0 else f"£{number:,.2f}"


def _as_date(value: str | date | datetime | None) -> date | None:
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.astimezone(LONDON).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    text = str(value)
    if len(text) > 10:
        return _as_date(datetime.fromisoformat(text.replace("Z", "+00:00")))
    return date.fromisoformat(text)


def long_date(value: str | date | datetime | None) -> str:
    """6 April 2026, as GOV.UK writes dates (a time is read in London)."""
    day = _as_date(value)
    return f"{day.day} {day:%B %Y}" if day else ""


def short_date(value: str | date | datetime | None) -> str:
    """6 Apr 2026, for narrow table columns."""
    day = _as_date(value)
    return f"{day.day} {day:%b %Y}" if day else ""


def date_time(value: str | datetime | None) -> str:
    """6 April 2026 at 2:05pm, London time."""
    if not value:
        return ""
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if moment.tzinfo:
        moment = moment.astimezone(LONDON)
    hour = moment.hour % 12 or 12
    return f"{moment.day} {moment:%B %Y} at {hour}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"


def label(code: str | None) -> str:
    """A service's code as words: notice_seeking_possession → Notice seeking possession."""
    if not code:
        return ""
    words = str(code).replace("_", " ").replace("-", " ").strip()
    return words[:1].upper() + words[1:]


FILTERS = {"money": money, "amount": amount, "signed_money": signed_money, "long_date": long_date,
           "short_date": short_date, "date_time": date_time, "label": label}
