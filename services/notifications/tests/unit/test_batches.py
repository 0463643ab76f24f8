"""Mail-merge batches: each letter on its own sheets, and a manifest that matches the PDF."""

from __future__ import annotations

import csv
import io

from pypdf import PdfReader, PdfWriter

from notifications.adapters.pdf import assemble
from notifications.domain.batches import BatchLetter, manifest_csv, place_for_duplex


def blank_pdf(pages: int) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


LETTERS = [
    BatchLetter("n1", "10000016", "Alex Example", ["1 Road", "London", "E8 1AB"], "standard", 1),
    BatchLetter("n2", "10000024", "Sam Example and Kim Example", ["2 Road", "N1 1AA"], "large_print", 3),
    BatchLetter("n3", "10000032", "Jo Bloggs", ["3 Road", "SE1 1AA"], "standard", 2),
]


def test_each_letter_starts_on_a_new_sheet():
    placements = place_for_duplex(LETTERS)
    assert [(p.first_page, p.padded_pages) for p in placements] == [(1, 2), (3, 4), (7, 2)]


def test_batch_pdf_has_every_page_plus_padding():
    placements = place_for_duplex(LETTERS)
    pdf = assemble([blank_pdf(letter.pages) for letter in LETTERS], placements)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 8


def test_manifest_lists_each_letter_with_where_it_is_in_the_pdf():
    rows = list(csv.DictReader(io.StringIO(manifest_csv(place_for_duplex(LETTERS)))))
    assert [r["notification_id"] for r in rows] == ["n1", "n2", "n3"]
    assert rows[1] == {
        "sequence": "2", "notification_id": "n2", "account_ref": "10000024",
        "addressee": "Sam Example and Kim Example", "address": "2 Road", "postcode": "N1 1AA",
        "format": "large_print", "first_page": "3", "pages": "3", "sheets": "2",
    }
    assert rows[0]["address"] == "1 Road, London"
