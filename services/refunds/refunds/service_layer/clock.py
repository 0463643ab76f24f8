"""Today's date where the landlord is (UK), and now."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

_UK = ZoneInfo("Europe/London")


def today() -> date:
    return datetime.now(_UK).date()


def now() -> datetime:
    return datetime.now(UTC)
