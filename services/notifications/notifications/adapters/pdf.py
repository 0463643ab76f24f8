"""PDF letters with WeasyPrint, and print-ready batches assembled with pypdf."""

from __future__ import annotations

import io

from pypdf import PdfReader, PdfWriter
from weasyprint import HTML

from notifications.adapters.templates import TEMPLATE_ROOT
from notifications.domain.batches import Placement


def html_to_pdf(html: str) -> bytes:
    return HTML(string=html, base_url=str(TEMPLATE_ROOT)).write_pdf()


def page_count(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def assemble(pdfs: list[bytes], placements: list[Placement]) -> bytes:
    """One PDF of every letter in order, padded with blank pages as placed."""
    writer = PdfWriter()
    for pdf, placement in zip(pdfs, placements, strict=True):
        reader = PdfReader(io.BytesIO(pdf))
        for page in reader.pages:
            writer.add_page(page)
        last = reader.pages[-1]
        for _ in range(placement.padded_pages - len(reader.pages)):
            writer.add_blank_page(width=last.mediabox.width, height=last.mediabox.height)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
