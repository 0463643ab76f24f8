"""Mail-merge batches for the print room: one print-ready PDF of a day's letters of one
type, each letter starting on a fresh sheet, and a manifest of what is in it."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

MANIFEST_COLUMNS = (
    "sequence", "notification_id", "account_ref", "addressee", "address", "postcode",
    "format", "first_page", "pages", "sheets",
)


@dataclass(frozen=True)
class BatchLetter:
    notification_id: str
    account_ref: str
    addressee: str
    address: list[str]
    format: str
    pages: int


@dataclass(frozen=True)
class Placement:
    letter: BatchLetter
    first_page: int
    padded_pages: int  # pages including the blank that keeps the next letter on a new sheet


def place_for_duplex(letters: list[BatchLetter]) -> list[Placement]:
    """Pad each letter to an even page count so no two letters share a sheet."""
    placements, page = [], 1
    for letter in letters:
        padded = letter.pages + letter.pages % 2
        placements.append(Placement(letter, page, padded))
        page += padded
    return placements


def manifest_csv(placements: list[Placement]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(MANIFEST_COLUMNS)
    for seq, p in enumerate(placements, start=1):
        letter = p.letter
        # The postcode is the last line of an address; the rest go in one column.
        *lines, postcode = letter.address if len(letter.address) > 1 else [*letter.address, ""]
        writer.writerow([
            seq, letter.notification_id, letter.account_ref, letter.addressee, ", ".join(lines), postcode,
            letter.format, p.first_page, letter.pages, p.padded_pages // 2,
        ])
    return out.getvalue()
