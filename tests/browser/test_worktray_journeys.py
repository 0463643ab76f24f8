"""Working the caseload in Chromium: refresh today's recommendations, accept one and skip one
with a reason (each leaves the Recommended tab), a monthly arrangement that fails affordability
then one that passes (on the arrangements history and the case), a note in the diary, and a
form posted twice with its key recording one action. axe runs on every page visited.

The estate is the session's (tests/browser/conftest.py); ``caseload`` waits until recovery's
projection holds every account billing has, then reserves accounts for each journey."""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from urllib.parse import urlsplit

import httpx
import pytest

from tests.browser.test_console_journeys import sign_in

pytestmark = pytest.mark.e2e

OFFICER_ROLES = ("income_officer",)  # may work cases and run the daily run
PROJECTION_WAIT_SECONDS = 120


@dataclass
class Caseload:
    patch: str
    arrangement_ref: str  # an account in arrears for the arrangement journey
    note_ref: str  # for the diary journey
    twice_ref: str  # for the double submission
    recovery_url: str
    token: str

    @property
    def reserved(self) -> set[str]:
        return {self.arrangement_ref, self.note_ref, self.twice_ref}

    def get(self, path: str, **params) -> object:
        answer = httpx.get(f"{self.recovery_url}{path}", params=params, timeout=10,
                           headers={"Authorization": f"Bearer {self.token}"})
        return answer.raise_for_status().json()


def _balances(base: str, token: str) -> dict[str, str]:
    """Every account's balance from a service's reconciliation report, page by page."""
    found, after = {}, ""
    while True:
        page = httpx.get(f"{base}/reports/account-balances", params={"after": after, "limit": 500}, timeout=30,
                         headers={"Authorization": f"Bearer {token}"}).raise_for_status().json()
        found.update({row["account_ref"]: str(Decimal(row["balance"])) for row in page})
        if len(page) < 500:
            return found
        after = page[-1]["account_ref"]


@pytest.fixture(scope="session")
def caseload(console) -> Caseload:
    """Recovery's projection caught up with billing (every account, every balance), then the
    patch with most of the console's sample accounts and three of its accounts in arrears."""
    reader = console.staff_token("recon.reader", ["senior_officer"])
    billing = _balances(f"{console.url}/billing", reader)
    deadline = time.monotonic() + PROJECTION_WAIT_SECONDS
    while (projected := _balances(f"{console.url}/recovery", reader)) != billing:
        assert time.monotonic() < deadline, (
            f"recovery's projection did not catch up: {len(projected)} of {len(billing)} accounts")
        time.sleep(0.25)  # polling for a condition, not waiting for luck
    patch = Counter(a["patch"] for a in console.accounts).most_common(1)[0][0]
    token = console.staff_token("case.reader", list(OFFICER_ROLES), [patch])
    load = Caseload(patch, "", "", "", f"{console.url}/recovery", token)
    rows = load.get(f"/caseloads/{patch}/worktray", tab="all", limit=100)["items"]
    owing = [r["account_ref"] for r in rows if Decimal(r["balance"]) > 0 and not r["arrangement_id"]]
    assert len(owing) >= 6, f"patch {patch} has too few accounts in arrears: {owing}"
    load.arrangement_ref, load.note_ref, load.twice_ref = owing[-1], owing[-2], owing[-3]
    return load


def _recommended(ui) -> list[str]:
    return [row.get_attribute("data-qa").removeprefix("row-")
            for row in ui.page.locator("[data-qa=worktray-table] tbody tr").all()]


def _submit(ui, selector: str, name: str) -> None:
    with ui.page.expect_navigation():
        ui.page.click(selector)
    ui.page_is_ready(name)


def test_an_officer_refreshes_then_accepts_one_and_skips_one_with_a_reason(ui, caseload):
    sign_in(ui, "wendy.worktray", OFFICER_ROLES, caseload.patch, start="/worktray")
    page = ui.page
    assert urlsplit(page.url).path == f"/worktray/{caseload.patch}"  # one patch: straight to it
    _submit(ui, "[data-qa=refresh]", "refreshed")
    assert page.inner_text("[data-qa=banner]").strip().endswith("Today's recommendations are up to date")
    assert page.get_attribute("[data-qa=tab-recommended]", "aria-current") == "page"
    shown = [ref for ref in _recommended(ui) if ref not in caseload.reserved]
    assert len(shown) >= 2, f"too few recommendations to work: {shown}"
    first, second = shown[0], shown[1]
    row = f"[data-qa=row-{first}]"
    assert page.inner_text(f"{row} [data-qa=balance]").startswith("£")
    assert page.get_attribute(f"{row} [data-qa=account-link]", "href") == f"/accounts/{first}"

    _submit(ui, f"{row} [data-qa=accept]", "accepted")
    assert f"Recommendation accepted for account {first}" in page.inner_text("[data-qa=banner]")
    assert first not in _recommended(ui)

    _submit(ui, f"[data-qa=row-{second}] [data-qa=skip]", "skip-form")
    _submit(ui, "[data-qa=skip-submit]", "skip-without-a-reason")
    assert "Select why you are skipping" in page.inner_text("[data-qa=error-summary]")
    page.click("[data-qa=error-summary] a[href='#reason']")
    assert page.evaluate("document.activeElement.name") == "reason"
    page.check("input[name=reason][value=other]")
    page.fill("[data-qa=skip-note]", "Tenant phoned: paying on Friday")
    _submit(ui, "[data-qa=skip-submit]", "skipped")
    assert f"Recommendation skipped for account {second}" in page.inner_text("[data-qa=banner]")
    assert second not in _recommended(ui)
    [skipped] = [r for r in caseload.get(f"/accounts/{second}/recommendations") if r["status"] == "skipped"]
    assert (skipped["skip_reason"], skipped["skip_note"]) == ("other", "Tenant phoned: paying on Friday")

    _submit(ui, "[data-qa=tab-all]", "whole-patch")
    assert page.inner_text("[data-qa=worktray-count]").startswith("Showing 1 to")
    page.select_option("[data-qa=filter-action]", "letter")
    _submit(ui, "[data-qa=filter-apply]", "whole-patch-letters")
    assert "action=letter" in page.url and "tab=all" in page.url
    assert set(page.locator("[data-qa=recommended-action]").all_inner_texts()) <= {"Letter"}
    ui.visit(f"/worktray/{caseload.patch}", "recommended-today")  # the README's picture (docs/worktray.png)


def _date(page, prefix: str, day: date) -> None:
    page.fill(f"[name={prefix}-day]", str(day.day))
    page.fill(f"[name={prefix}-month]", str(day.month))
    page.fill(f"[name={prefix}-year]", str(day.year))


def _monthly_offer(page, instalment: str, start: date) -> None:
    """A Universal Credit budget by the month, paid monthly."""
    page.check("input[name=assessment_basis][value=monthly]")
    page.fill("[data-qa=income_benefits_and_tax_credits]", "2,000.00")
    page.fill("[data-qa=spend_home_and_contents]", "450")
    page.fill("[data-qa=spend_food_and_housekeeping]", "£500.00")
    page.check("input[name=frequency][value=monthly]")
    page.fill("[data-qa=instalment]", instalment)
    _date(page, "start_date", start)


def test_a_monthly_arrangement_fails_affordability_then_one_that_passes_is_saved(ui, caseload):
    ref = caseload.arrangement_ref
    sign_in(ui, "amir.arrangements", OFFICER_ROLES, caseload.patch)
    ui.visit(f"/accounts/{ref}/case", "case")
    page = ui.page
    _submit(ui, "[data-qa=new-arrangement-link]", "arrangement-form")
    start = date.today() + timedelta(days=7)
    _monthly_offer(page, "1500.00", start)
    _submit(ui, "[data-qa=check-affordability]", "not-affordable")
    summary = page.inner_text("[data-qa=error-summary]")
    assert "£1,500.00 a month is not affordable" in summary, summary
    page.click("[data-qa=error-summary] a[href='#instalment']")
    assert page.evaluate("document.activeElement.id") == "instalment"
    assert caseload.get(f"/accounts/{ref}/arrangements") == []  # nothing saved

    page.fill("[data-qa=instalment]", "50")
    _submit(ui, "[data-qa=check-affordability]", "affordable")
    assert page.inner_text("[data-qa=affordable]") == "The offer is affordable"
    assert page.inner_text("[data-qa=offer]") == "£50.00 a month"
    assert caseload.get(f"/accounts/{ref}/arrangements") == []  # still nothing saved: the result comes first
    _submit(ui, "[data-qa=save-arrangement]", "arrangement-history")
    assert f"Arrangement saved for account {ref}" in page.inner_text("[data-qa=banner]")
    [shown] = page.locator("[data-qa=arrangement]").all()
    assert (shown.get_attribute("data-status"), shown.get_attribute("data-frequency")) == ("active", "monthly")
    assert shown.locator("[data-qa=arrangement-instalment]").inner_text() == "£50.00"
    [saved] = caseload.get(f"/accounts/{ref}/arrangements")
    assert (saved["frequency"], saved["instalment"], saved["start_date"]) == ("monthly", "50.00", start.isoformat())
    assert saved["assessment"]["basis"] == "monthly"

    ui.visit(f"/accounts/{ref}/case", "case-with-arrangement")
    assert page.inner_text("[data-qa=case-arrangement]").startswith("£50.00 monthly towards the arrears")
    ui.visit(f"/accounts/{ref}", "account-with-arrangement")
    assert "£50.00 monthly towards arrears" in page.inner_text("[data-qa=arrangement]")


def _case_page(ui, caseload: Caseload, username: str, ref: str, action: str):
    """Signed in as an officer of the patch, on the account's case page with an action chosen."""
    sign_in(ui, username, OFFICER_ROLES, caseload.patch)
    ui.visit(f"/accounts/{ref}/case", "case")
    ui.page.check(f"input[name=action][value={action}]")
    return ui.page


def test_a_note_recorded_on_the_case_is_in_the_diary(ui, caseload):
    ref = caseload.note_ref
    page = _case_page(ui, caseload, "nina.notes", ref, "note")
    _submit(ui, "[data-qa=record-submit]", "note-without-text")
    assert "Enter the note" in page.inner_text("[data-qa=error-summary]")
    page.fill("[data-qa=record-notes]", "Tenant says Universal Credit starts next month")
    _submit(ui, "[data-qa=record-submit]", "note-recorded")
    assert f"Action recorded for account {ref}" in page.inner_text("[data-qa=banner]")
    first = page.locator("[data-qa=diary-row]").first
    assert first.locator("[data-qa=diary-action]").inner_text() == "Note"
    assert first.locator("[data-qa=diary-notes]").inner_text() == "Tenant says Universal Credit starts next month"


def test_a_form_posted_twice_with_its_key_records_one_action(ui, caseload):
    ref = caseload.twice_ref
    page = _case_page(ui, caseload, "dan.double", ref, "call")
    page.fill("[data-qa=record-notes]", "Called twice by a double click")
    fields = page.evaluate("() => Object.fromEntries(new FormData(document.querySelector('[data-qa=record-form]')))")
    _submit(ui, "[data-qa=record-submit]", "call-recorded")
    again = page.request.post(f"{ui.base_url}/accounts/{ref}/case/actions", form=fields, max_redirects=0)
    assert again.status == 303 and "done=recorded" in again.headers["location"]
    calls = [a for a in caseload.get(f"/accounts/{ref}/actions") if a["action"] == "call"]
    assert [c["details"].get("notes") for c in calls] == ["Called twice by a double click"]
    ui.visit(f"/accounts/{ref}/case", "case-after-double-post")
    notes = page.locator("[data-qa=diary-notes]").all_inner_texts()
    assert notes.count("Called twice by a double click") == 1
