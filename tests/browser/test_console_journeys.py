"""Journeys through the staff console in Chromium: sign in on the development issuer's page,
search an account reference and see billing's balance, an unknown reference, sign out."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlsplit

import pytest

pytestmark = pytest.mark.e2e


def sign_in(ui, username: str = "jo.officer", roles: tuple[str, ...] = ("rent_officer",), patches: str = "HA01",
            start: str = "/") -> None:
    ui.visit(start, "sign-in-page")
    page = ui.page
    assert urlsplit(page.url).path == "/auth/realms/rent/protocol/openid-connect/auth"
    page.fill("[data-qa=username]", username)
    for box in page.locator("input[name=roles]").all():
        box.set_checked(box.get_attribute("value") in roles)
    page.fill("[data-qa=patches]", patches)
    page.click("[data-qa=dev-sign-in]")
    page.wait_for_selector("[data-qa=user-name]")
    ui.page_is_ready("signed-in")


def search(ui, query: str) -> None:
    ui.page.fill("[data-qa=search-input]", query)
    ui.page.click("[data-qa=search-button]")
    ui.page.wait_for_selector("h1")
    ui.page_is_ready("search-" + (query or "empty"))


def test_an_officer_signs_in_and_sees_their_name_roles_and_patches(ui):
    sign_in(ui, "jo.officer", ("rent_officer", "income_officer"), "HA01 HA02")
    page = ui.page
    assert page.inner_text("[data-qa=user-name]") == "jo.officer"
    assert page.inner_text("[data-qa=user-roles]") == "income_officer, rent_officer"
    assert page.inner_text("[data-qa=user-patches]") == "HA01, HA02"
    assert page.inner_text("[data-qa=welcome]") == "Hello, jo.officer"
    cookie = next(c for c in ui.page.context.cookies() if c["name"] == "console_session")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and not cookie["secure"]  # plain http, loopback


def test_an_account_reference_finds_the_account_with_billings_balance(ui, console):
    account = next(a for a in console.accounts if Decimal(a["balance"]) != 0)
    sign_in(ui, "sam.officer", ("rent_officer",), account["patch"])
    search(ui, account["account_ref"])
    page = ui.page
    assert urlsplit(page.url).path == f"/accounts/{account['account_ref']}"
    assert page.inner_text("[data-qa=account-ref]") == account["account_ref"]
    token = console.staff_token("sam.officer", ["rent_officer"], [account["patch"]])
    billing = console.billing_account(account["account_ref"], token)
    shown = page.locator("[data-qa=account-balance]")
    assert Decimal(shown.get_attribute("data-amount")) == Decimal(billing["balance"])
    amount = Decimal(billing["balance"])
    expected = f"£{abs(amount):,.2f}" + (" in credit" if amount < 0 else "")
    assert shown.inner_text() == expected
    assert page.inner_text("[data-qa=account-address]").strip() not in ("", "Not known")


def test_an_empty_search_shows_the_error_summary_linking_to_the_box(ui):
    sign_in(ui)
    search(ui, "")
    page = ui.page
    summary = page.locator("[data-qa=error-summary]")
    assert "Enter an account reference" in summary.inner_text()
    page.click("[data-qa=error-summary] a[href='#q']")
    assert page.evaluate("document.activeElement.id") == "q"


def test_an_unknown_reference_is_the_not_found_page(ui, console):
    sign_in(ui)
    known = {a["account_ref"] for a in console.accounts}
    unknown = next(ref for ref in ("99999997", "99999989", "99999971") if ref not in known)
    search(ui, unknown)
    assert ui.page.inner_text("[data-qa=not-found]") == "Page not found"


def test_an_officer_of_another_patch_is_refused_the_account(ui, console):
    account = console.accounts[0]
    other = "ZZ99" if account["patch"] != "ZZ99" else "ZZ98"
    sign_in(ui, "pat.elsewhere", ("rent_officer",), other)
    ui.visit(f"/accounts/{account['account_ref']}", "other-patch")
    assert ui.page.inner_text("[data-qa=forbidden]") == "You cannot see this page"


def test_signing_out_ends_the_session_and_a_page_asks_to_sign_in_again(ui, console):
    account = console.accounts[0]
    sign_in(ui, "jo.officer", ("rent_officer",), account["patch"])
    ui.page.click("[data-qa=sign-out]")
    ui.page.wait_for_selector("[data-qa=signed-out]")
    ui.page_is_ready("signed-out")
    assert not [c for c in ui.page.context.cookies() if c["name"] == "console_session"]
    # The page asked for comes back after signing in again.
    sign_in(ui, "jo.officer", ("rent_officer",), account["patch"], start=f"/accounts/{account['account_ref']}")
    assert urlsplit(ui.page.url).path == f"/accounts/{account['account_ref']}"


def test_a_service_that_is_down_is_a_503_page_naming_it(ui, console):
    """Last in the module: it stops billing for a moment (and starts it again)."""
    account = console.accounts[0]
    sign_in(ui, "jo.officer", ("rent_officer",), account["patch"])
    console.stack.kill("billing")
    try:
        ui.visit(f"/accounts/{account['account_ref']}", "billing-down")
        assert ui.page.inner_text("[data-qa=unavailable-service]") == "Billing is not available at the moment."
        assert "Traceback" not in ui.page.content()
    finally:
        console.stack.restart("billing")
