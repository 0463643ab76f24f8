"""Journeys through search and the account page in Chromium: find an account by surname (also
mistyped) and by postcode, open it and see billing's balance; choose a statement period, read
the downloaded PDF's total back and the CSV's rows, both equal to billing's statement; a
period that is not a date is answered on its field."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.browser.test_console_journeys import search, sign_in

pytestmark = pytest.mark.e2e


def money(amount: Decimal) -> str:
    return f"£{abs(amount):,.2f}" + (" in credit" if amount < 0 else "")


@pytest.fixture(scope="module")
def tenant(console):
    """An account with a lead tenant and a balance, as billing's search describes it."""
    for account in console.accounts:
        token = console.staff_token("sam.officer", ["rent_officer"], [account["patch"]])
        hits = console.billing("/search", token, q=account["account_ref"])["items"]
        hit = next((h for h in hits if h["account_ref"] == account["account_ref"]), None)
        if hit and hit["lead_tenant"] and hit["postcode"] and len(hit["lead_tenant"].split()[-1]) >= 5:
            return {**account, **hit, "surname": hit["lead_tenant"].split()[-1], "token": token}
    pytest.skip("no account with a lead tenant in the estate")


def find_in_results(ui, account_ref: str, name: str) -> None:
    """Open the account from the results, turning pages until its row shows."""
    page = ui.page
    for _ in range(10):
        link = page.locator(f"[data-qa=result-ref]:text-is('{account_ref}')")
        if link.count():
            link.click()
            page.wait_for_selector("[data-qa=account-ref]")
            ui.page_is_ready(name)
            return
        assert page.locator(".govuk-pagination__next a").count(), f"{account_ref} is not in the results"
        page.click(".govuk-pagination__next a")
        page.wait_for_selector("[data-qa=results]")
        ui.page_is_ready("results-next")
    raise AssertionError(f"{account_ref} is not in ten pages of results")


def test_search_by_surname_opens_the_account_with_billings_balance(ui, console, tenant):
    sign_in(ui, "sam.officer", ("rent_officer",), tenant["patch"])
    search(ui, tenant["surname"])
    page = ui.page
    assert urlsplit(page.url).path == "/search"
    assert page.locator("[data-qa=result]").count() >= 1
    assert tenant["surname"].lower() in page.inner_text("[data-qa=results]").lower()
    find_in_results(ui, tenant["account_ref"], "account")
    billing = console.billing_account(tenant["account_ref"], tenant["token"])
    shown = page.locator("[data-qa=account-balance]")
    assert Decimal(shown.get_attribute("data-amount")) == Decimal(billing["balance"])
    assert shown.inner_text() == money(Decimal(billing["balance"]))
    assert page.inner_text("[data-qa=account-lead-tenant]") == tenant["lead_tenant"]
    assert tenant["postcode"] in page.inner_text("[data-qa=account-address]")
    # Every section is there (tabs degrade to sections), none failed.
    for section in ("summary", "statement", "direct-debit", "arrears", "messages", "diary"):
        assert page.locator(f"#{section}").count() == 1, section
    assert page.locator("[data-qa$=-unavailable]").count() == 0
    assert page.locator("[data-qa=charges-in-force] tbody tr").count() >= 1


def test_a_mistyped_surname_and_a_postcode_find_the_account(ui, console, tenant):
    sign_in(ui, "sam.officer", ("rent_officer",), tenant["patch"])
    surname = tenant["surname"]
    typo = surname[:3] + surname[4:]  # a letter left out
    assert typo != surname
    search(ui, typo.lower())
    find_in_results(ui, tenant["account_ref"], "account-from-typo")
    ui.visit("/", "home")
    postcode = tenant["postcode"].replace(" ", "").lower()
    search(ui, postcode)
    page = ui.page
    assert all(row.replace(" ", "").upper().endswith(postcode.upper())
               for row in page.locator("[data-qa=result-address]").all_inner_texts())
    find_in_results(ui, tenant["account_ref"], "account-from-postcode")


def test_a_search_with_no_match_or_too_long_says_so(ui, console, tenant):
    sign_in(ui, "sam.officer", ("rent_officer",), tenant["patch"])
    search(ui, "Zzyzxqwv Qqqqqj")
    assert "no matching results" in ui.page.inner_text("[data-qa=no-results]")
    search(ui, "x" * 101)
    assert "100 characters or fewer" in ui.page.inner_text("[data-qa=error-summary]")


def test_a_statement_period_downloads_as_pdf_and_csv_with_billings_totals(ui, console, tenant):
    from pypdf import PdfReader

    sign_in(ui, "sam.officer", ("rent_officer",), tenant["patch"])
    ui.visit(f"/accounts/{tenant['account_ref']}#statement", "account")
    page = ui.page
    start, end = date(2026, 4, 1), date.today()
    for name, day in (("from", start), ("to", end)):
        page.fill(f"#{name}-day", str(day.day))
        page.fill(f"#{name}-month", str(day.month))
        page.fill(f"#{name}-year", str(day.year))
    page.click("#statement [data-qa=show-statement]")
    page.wait_for_selector("[data-qa=statement-summary]")
    ui.page_is_ready("statement")
    billing = console.billing(f"/accounts/{tenant['account_ref']}/statement", tenant["token"],
                              date_from=start.isoformat(), date_to=end.isoformat())
    closing = Decimal(billing["closing_balance"])
    assert Decimal(page.get_attribute("[data-qa=closing-balance]", "data-amount")) == closing
    assert Decimal(page.get_attribute("[data-qa=opening-balance]", "data-amount")) == Decimal(
        billing["opening_balance"])
    assert page.locator("[data-qa=statement-line]").count() == min(len(billing["postings"]), 25)

    with page.expect_download() as pdf_download:
        page.click("[data-qa=download-pdf]")
    pdf = pdf_download.value
    assert pdf.suggested_filename == f"statement-{tenant['account_ref']}-{start}-to-{end}.pdf"
    text = "\n".join(p.extract_text() for p in PdfReader(pdf.path()).pages)
    total = next(line for line in text.splitlines() if "Total and closing balance" in line)
    assert total.endswith(money(closing)), total
    assert tenant["account_ref"] in text and f"Opening balance {money(Decimal(billing['opening_balance']))}" in text

    with page.expect_download() as csv_download:
        page.click("[data-qa=download-csv]")
    rows = list(csv.reader(io.StringIO(Path(csv_download.value.path()).read_text(encoding="utf-8"))))
    assert rows[0] == ["date", "description", "debit", "credit", "balance"]
    assert rows[1][1] == "Opening balance" and Decimal(rows[1][4]) == Decimal(billing["opening_balance"])
    assert len(rows) == len(billing["postings"]) + 3
    for row, posting in zip(rows[2:-1], billing["postings"], strict=True):
        assert row[0] == posting["effective_date"]
        assert Decimal(row[2] or 0) - Decimal(row[3] or 0) == Decimal(posting["amount"])
    assert rows[-1][1] == "Closing balance" and Decimal(rows[-1][4]) == closing
    assert (Decimal(rows[-1][2]), Decimal(rows[-1][3])) == (Decimal(billing["debits"]), Decimal(billing["credits"]))


def test_a_statement_period_that_is_not_a_date_is_answered_on_its_field(ui, console, tenant):
    sign_in(ui, "sam.officer", ("rent_officer",), tenant["patch"])
    ui.visit(f"/accounts/{tenant['account_ref']}/statement?from-day=31&from-month=2&from-year=2026"
             "&to-day=1&to-month=4&to-year=", "statement-invalid")
    page = ui.page
    summary = page.inner_text("[data-qa=error-summary]")
    assert "Start date must be a real date" in summary and "End date must include a year" in summary
    page.click("[data-qa=error-summary] a[href='#from-day']")
    assert page.evaluate("document.activeElement.id") == "from-day"
    assert page.locator("#to-year.govuk-input--error").count() == 1
