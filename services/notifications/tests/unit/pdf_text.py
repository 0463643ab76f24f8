"""Reading rendered PDFs back the way a person would: text and type size."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """All pages' text with whitespace runs (including line breaks) made single spaces."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return " ".join(text.split())


def type_size_of(pdf: bytes, words: str) -> float:
    """The point size the first line starting with ``words`` is set in."""
    found: list[float] = []

    def visit(text, cm, tm, _font, size):
        if not found and text.strip().startswith(words):
            found.append(round(size * abs(cm[0]) * abs(tm[0]), 1))

    PdfReader(io.BytesIO(pdf)).pages[0].extract_text(visitor_text=visit)
    assert found, f"{words!r} not on the first page"
    return found[0]
