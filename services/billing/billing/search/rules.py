"""What one search box's text can be: a reference (account, tenancy, legacy), a postcode or
part of one, a name or an address. Read once into the keys each kind of match compares,
and the ranking: exact references first, then postcodes, then partial references and
postcodes, then names and addresses — those with every word typed (the last may be the start
of a word) score 1, those matched through the words a mistyped one may mean (trigram
similarity over the search vocabulary) score the mean of each word's similarity."""

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
# pg_trgm word similarity a vocabulary word must reach to stand for a typed one (0..1): 0.4
# lets two letters swapped in a surname through ("Willaims" for "Williams": 0.44; one letter
# missing scores about 0.7); the best few stand for it.
SIMILARITY = 0.4
VARIANTS = 3
MAX_WORDS = 6

_SPACES = re.compile(r"\s+")
_KEY = re.compile(r"[\s]+")
_REF_CHARS = re.compile(r"^[A-Z0-9\-/_.]+$")
_POSTCODE_PART = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]{0,5}$")
_WORD = re.compile(r"[^\W_]+")


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
    words: tuple[str, ...] = ()  # its words (letters and digits), lower case, at most MAX_WORDS

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
    # A postcode or its start is matched as one; its parts as words would match whole districts.
    similar = len(text) >= TEXT_FROM and any(c.isalpha() for c in text) and postcode_key is None
    words = tuple(_WORD.findall(text.lower()))[:MAX_WORDS] if similar else ()
    return Terms(text.lower(), ref_key, postcode_key, similar, words)


def typed(word: str) -> str:
    """The word as a tsquery term: a word of PREFIX_FROM or more may be the start of a longer one;
    a shorter one or a number is matched whole (house 12 is not 120; "lee" is not every "leeds")."""
    return word if word.isdigit() or len(word) < PREFIX_FROM else f"{word}:*"


def quoted(word: str) -> str:
    """A vocabulary word as a tsquery term, whatever it holds."""
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def all_words(words: tuple[str, ...]) -> str:
    """tsquery: every word typed (the words are letters and digits only, so nothing to quote)."""
    return " & ".join(typed(w) for w in words)


def whole_words(words: tuple[str, ...]) -> str:
    """tsquery: every word typed, each a whole word: such a match scores 1, one through the
    start of a longer word (Williams for "william") PREFIX_SCORE."""
    return " & ".join(words)


PREFIX_SCORE = 0.9


def fuzzy_words(words: tuple[str, ...], variants: dict[str, list[tuple[str, float]]]) -> list[list[tuple[str, float]]]:
    """Each typed word with the vocabulary words it may mean, as (tsquery term, score): itself
    scores 1; a word with nothing in the vocabulary that may stand for it counts only if it is a number (a house
    number) — a short or unknown word of letters is left out rather than failing the match."""
    groups = []
    for word in words:
        known = variants.get(word, [])
        if word.isdigit() or known:
            own = [(word, 1.0)] + ([(typed(word), PREFIX_SCORE)] if typed(word) != word else [])
            groups.append([*own, *[(quoted(w), s) for w, s in known if w != word][:VARIANTS]])
    return groups


def account_key(ref_key: str) -> str:
    """Account references are written without separators (``1000-0017`` is ``10000017``)."""
    return re.sub(r"[\-/]", "", ref_key)
