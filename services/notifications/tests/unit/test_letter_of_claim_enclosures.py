"""The letter of claim under the Pre-Action Protocol for Debt Claims goes with the three
enclosures the protocol (and the leasehold policy's pre-action stage) names: an
information sheet, a reply form and a financial statement, each on pages of its own."""

from __future__ import annotations

import io

from pypdf import PdfReader

from notifications.domain.catalogue import letter_type_for
from notifications.service_layer.rendering import render_letter
from services.notifications.tests.samples import ACCOUNT, LANDLORD, RECIPIENT, SAMPLES
from services.notifications.tests.unit.pdf_text import pdf_text
from services.notifications.tests.unit.test_templates import LETTER_DATE

CLAIM = next(s for s in SAMPLES if s.letter_type == "pre_action_protocol_letter")


def pages_of(event, **options) -> list[str]:
    rendered = render_letter(letter_type_for(event), event, recipient=RECIPIENT, landlord=LANDLORD,
                             account_ref=ACCOUNT, letter_date=LETTER_DATE, **options)
    assert rendered.pages == len(PdfReader(io.BytesIO(rendered.pdf)).pages)
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(rendered.pdf)).pages]


def test_letter_of_claim_encloses_information_sheet_reply_form_and_financial_statement():
    pages = pages_of(CLAIM.full)
    letter, *enclosures = pages
    assert "Enclosed: information sheet, reply form, financial statement." in letter
    assert "please also fill in the enclosed financial statement" in letter
    assert "Town Hall, 1 Mare Street, London, E8 1EA" in letter  # where to send the reply
    starts = [page.split(" Borough of Example")[0] for page in enclosures]
    assert starts[0].startswith("Information sheet")
    assert starts[1].startswith(f"Reply form: account {ACCOUNT}")
    assert starts[2].startswith(f"Financial statement: account {ACCOUNT}")


def test_the_financial_statement_is_an_income_and_expenditure_form_to_fill_in():
    pages = pages_of(CLAIM.full)
    first = next(i for i, page in enumerate(pages) if page.startswith("Financial statement"))
    statement = " ".join(pages[first:])
    assert "Name: Alex Example and Sam Example" in statement
    for section in ["1. About you", "2. Income", "3. Spending", "4. Priority debts", "5. Other debts",
                    "6. What you can afford"]:
        assert section in statement
    # Standard Financial Statement categories, with the totals a debt adviser works from.
    for line in ["Earnings from work after tax and National Insurance", "Universal Credit", "Pensions",
                 "Home and contents", "Utilities", "Care and health", "Transport and travel", "School costs",
                 "Professional costs", "Communications and leisure", "Food and housekeeping", "Personal costs",
                 "Savings contributions", "Total income", "Total spending", "Council tax arrears",
                 "Left each month for other debts", "I believe that the information in this statement is true.",
                 "Signed"]:
        assert line in statement, f"{line!r} missing from the financial statement"
    assert "Reply form" not in statement and "Information sheet" not in statement


def test_the_reply_form_points_to_the_financial_statement_and_the_statement_prints_in_large_print():
    text = pdf_text(render_letter(letter_type_for(CLAIM.minimal), CLAIM.minimal, recipient=RECIPIENT,
                                  landlord=LANDLORD, account_ref=ACCOUNT, letter_date=LETTER_DATE).pdf)
    assert "I have filled in the financial statement." in text
    assert "not start court proceedings less than 30 days after we receive your reply form" in text
    large = pages_of(CLAIM.minimal, large_print=True)
    assert any(page.startswith(f"Financial statement: account {ACCOUNT}") for page in large)
    assert "Total spending" in " ".join(large)
