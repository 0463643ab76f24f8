"""Which channel and format a notification goes by, from the tenant's preferences."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from notifications.domain.catalogue import LetterType


class Channel(StrEnum):
    LETTER = "letter"
    EMAIL = "email"
    SMS = "sms"


class Format(StrEnum):
    STANDARD = "standard"
    LARGE_PRINT = "large_print"


@dataclass(frozen=True)
class Preference:
    channel: Channel = Channel.LETTER
    format: Format = Format.STANDARD
    email: str | None = None
    mobile: str | None = None


@dataclass(frozen=True)
class Route:
    channel: Channel
    format: Format
    to: str | None  # email address or mobile number; None for a posted letter
    note: str | None = None  # why the preference could not be followed


def choose_route(letter: LetterType, preference: Preference | None, email: str | None, mobile: str | None) -> Route:
    """Follow the preference where the law and the contact details allow; else post."""
    pref = preference or Preference()
    fmt = pref.format
    email, mobile = pref.email or email, pref.mobile or mobile
    if pref.channel is Channel.LETTER:
        return Route(Channel.LETTER, fmt, None)
    if letter.in_writing_only:
        return Route(Channel.LETTER, fmt, None, note=f"{letter.name} must be given in writing")
    if pref.channel is Channel.EMAIL:
        if email:
            return Route(Channel.EMAIL, fmt, email)
        return Route(Channel.LETTER, fmt, None, note="email preferred but no email address held")
    if mobile:
        return Route(Channel.SMS, fmt, mobile)
    return Route(Channel.LETTER, fmt, None, note="SMS preferred but no mobile number held")
