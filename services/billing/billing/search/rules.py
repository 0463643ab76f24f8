"""What one search box's text can be: a reference (account, tenancy, legacy), a postcode or
part of one, a name or an address. Read once into the keys each kind of match compares,
and the ranking: exact references first, then postcodes, then partial references and
postcodes, then names and addresses by trigram similarity."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

MIN_LENGTH, MAX_LENGTH = 2, 100
# A reference or postcode key shorter than this matches only exactly: a prefix of three
# characters would match a large part of the estate.
PREFIX_FROM = 4
# Trigram matching needs something to compare: a name or address fragment of three or more.
TEXT_FROM = 3
# pg_trgm word similarity a name or address must reach (0..1); 0.4 lets two letters swapped
# in a surname through ("Willaims" for "Williams": 0.44; one letter missing scores about 0.7).
SIMILARITY = 0.4

_SPACES = re.compile(r"\s+")
_KEY = re.compile(r"[\s]+")
_REF_CHARS = re.compile(r"^[A-Z0-9\-/_.]+$")
_POSTCODE_PART = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]{0,5}$")


class Tier(IntEnum):
    """Rank of a match, best first; within a tier by similarity."""

    EXACT_REFERENCE = 0
    EXACT_POSTCODE = 1
    PARTIAL = 2
    SIMILAR = 3


class InvalidQuery(ValueError):
    pass


@dataclass(frozen=True)
class Terms:
    text: str  # trimmed, inner spaces collapsed, lower case: for trigram matching
    ref_key: str | None  # upper case, no spaces: account, tenancy and legacy references
    postcode_key: str | None  # upper case, no spaces, shaped like (the start of) a postcode
    similar: bool  # worth comparing to names and addresses

    def prefix(self, key: str) -> str:
        """LIKE pattern: the key itself, or anything starting with it once long enough."""
        escaped = key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return escaped + "%" if len(key) >= PREFIX_FROM else escaped


def read(q: str) -> Terms:
    text = _SPACES.sub(" ", q).strip()
    if len(text) < MIN_LENGTH:
        raise InvalidQuery(f"q must have at least {MIN_LENGTH} characters besides spaces")
    if len(text) > MAX_LENGTH:
        raise InvalidQuery(f"q must have at most {MAX_LENGTH} characters")
    key = _KEY.sub("", text).upper()
    ref_key = key if _REF_CHARS.match(key) and any(c.isdigit() for c in key) else None
    postcode_key = key if _POSTCODE_PART.match(key) and len(key) <= 7 else None
    similar = len(text) >= TEXT_FROM and any(c.isalpha() for c in text)
    return Terms(text.lower(), ref_key, postcode_key, similar)


def account_key(ref_key: str) -> str:
    """Account references are written without separators (``1000-0017`` is ``10000017``)."""
    return re.sub(r"[\-/]", "", ref_key)
