"""Composing one notification: the letter as a PDF (in standard or large print) and
the short text used for an SMS or an email's body."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from notifications.adapters import pdf, templates
from notifications.domain.catalogue import LetterType, template_context
from notifications.domain.configuration import Landlord
from notifications.domain.recipients import Recipient
from shared.contracts.envelope import EventData


@dataclass(frozen=True)
class RenderedLetter:
    template_version: int
    pdf: bytes
    pages: int
    summary: str
    subject: str


def render_letter(
    letter: LetterType,
    event: EventData,
    *,
    recipient: Recipient,
    landlord: Landlord,
    account_ref: str,
    letter_date: date,
    large_print: bool = False,
    version: int | None = None,
) -> RenderedLetter:
    """CPU-bound (WeasyPrint): callers in async code run it in a worker thread."""
    version = templates.version_to_use(letter.name, version)
    context = template_context(
        letter, event, recipient=recipient, landlord=landlord, account_ref=account_ref,
        letter_date=letter_date, large_print=large_print,
    )
    html = templates.render(letter.name, version, "letter.html", context)
    summary = templates.render(letter.name, version, "summary.txt", context)
    document = pdf.html_to_pdf(html)
    return RenderedLetter(version, document, pdf.page_count(document), summary, letter.title)
