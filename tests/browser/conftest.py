"""The staff console in a real browser: the whole stack as processes behind nginx (issuer,
five services, console, gateway), Debian's Chromium driven by Playwright for Python (it never
downloads a browser here), axe-core run on every page a journey visits.

Screenshots of every page a journey visits go to .stack/screenshots/<test>/ (not committed)."""

from __future__ import annotations

import asyncio
import re
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest

from shared.testing.live_stack import REPO, LiveStack, live_stack_for_test

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "services" / "console" / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = REPO / ".stack" / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# No axe rule is excluded. If a GOV.UK Frontend exclusion is ever needed, name the rule and
# its upstream issue here.
AXE_DISABLED_RULES: dict[str, str] = {}

pytestmark = pytest.mark.skipif(not CHROMIUM.exists() or not AXE.exists(),
                                reason="Chromium or axe-core missing: run bin/setup")


@dataclass
class Console:
    stack: LiveStack
    accounts: list[dict]  # billing's own view of a few accounts: account_ref, patch, balance

    @property
    def url(self) -> str:
        return self.stack.gateway_url

    def staff_token(self, username: str, roles: list[str], patches: list[str] | None = None) -> str:
        answer = httpx.post(self.stack.token_url(), timeout=10,
                            json={"username": username, "roles": roles, "patches": patches})
        return answer.raise_for_status().json()["access_token"]

    def billing_account(self, ref: str, token: str) -> dict:
        return self.billing(f"/accounts/{ref}", token)

    def billing(self, path: str, token: str, **params) -> dict:
        """Billing's own answer, through the gateway, to compare with what a page shows."""
        answer = httpx.get(f"{self.url}/billing{path}", params=params, timeout=10,
                           headers={"Authorization": f"Bearer {token}"})
        return answer.raise_for_status().json()


@pytest.fixture(scope="session")
def console(databases, amqp_url, tmp_path_factory) -> Iterator[Console]:
    from rentctl.estate.generate import generate_estate
    from rentctl.estate.load import EstateLoader

    namespace = f"web{tmp_path_factory.getbasetemp().name[-6:]}".replace("-", "")
    with live_stack_for_test(databases, amqp_url, namespace, tmp_path_factory.mktemp("stack")) as stack:
        loader_token = httpx.post(stack.token_url(), timeout=10, json={
            "username": "estate.loader", "roles": ["rent_officer", "senior_officer", "income_officer",
                                                    "finance_approver", "admin"]}).json()["access_token"]
        # A small estate with one week's debits: balances that are not all zero.
        estate = generate_estate(100, 17, weeks=1)
        loader = EstateLoader(stack.gateway_url, loader_token, amqp_url, namespace=namespace)
        asyncio.run(loader.load(estate, payments=False))
        balances = httpx.get(f"{stack.gateway_url}/billing/reports/account-balances", params={"limit": 20},
                             headers={"Authorization": f"Bearer {loader_token}"}, timeout=30)
        refs = [row["account_ref"] for row in balances.raise_for_status().json()][:5]
        accounts = [httpx.get(f"{stack.gateway_url}/billing/accounts/{ref}", timeout=10,
                              headers={"Authorization": f"Bearer {loader_token}"}).raise_for_status().json()
                    for ref in refs]
        # Search's vocabulary (the words a mistyped name may mean) catches up every few minutes in
        # billing's own loop: brought up to the estate just loaded here, as that loop would.
        asyncio.run(_refresh_search_vocabulary(stack.env["BILLING_DATABASE_URL"]))
        yield Console(stack, accounts)


async def _refresh_search_vocabulary(database_url: str) -> None:
    import asyncpg

    connection = await asyncpg.connect(database_url.replace("postgresql+asyncpg://", "postgresql://"))
    try:
        await connection.execute("REFRESH MATERIALIZED VIEW search_word")
    finally:
        await connection.close()


@pytest.fixture(scope="package")
def browser(console, tmp_path_factory):
    """Started after the stack: Playwright's sync API keeps an event loop running in this thread,
    and the stack's set-up and tear-down use asyncio.run. Closed when tests/browser is done, so
    the async tests of a suite run after it in the same session (pytest services/console
    tests/browser services/recovery) do not meet a running loop."""
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        # A persistent context is the one way to give Chromium a user-data-dir; each test
        # still gets fresh cookies (the `ui` fixture clears them).
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            locale="en-GB", timezone_id="Europe/London", viewport={"width": 1280, "height": 900})
        yield context
        context.close()


@dataclass
class Ui:
    """A journey's browser tab. After each navigation the test calls ``page_is_ready`` (or uses
    ``visit``): it waits for the page, runs axe (zero violations) and takes a screenshot. At the
    end, every page loaded must have been checked."""

    page: object
    folder: Path
    base_url: str
    loaded: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)
    shots: int = 0

    def visit(self, path: str, name: str) -> None:
        self.page.goto(self.base_url + path)
        self.page_is_ready(name)

    def page_is_ready(self, name: str) -> None:
        self.page.wait_for_load_state("load")
        self.checked.append(self.page.url)
        violations = self.axe()
        self.shots += 1
        self.page.screenshot(path=str(self.folder / f"{self.shots:02d}-{name}.png"), full_page=True)
        assert violations == [], f"axe violations on {self.page.url}:\n" + "\n".join(violations)

    def axe(self) -> list[str]:
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.add_script_tag(content=AXE.read_text())
        results = self.page.evaluate(
            "async (disabled) => await axe.run(document, {rules: Object.fromEntries("
            "disabled.map(r => [r, {enabled: false}]))})", list(AXE_DISABLED_RULES))
        return [f"{v['id']} ({v['impact']}): {v['help']} at "
                + ", ".join(str(n["target"]) for n in v["nodes"][:5]) for v in results["violations"]]


@pytest.fixture
def ui(console, browser, request) -> Iterator[Ui]:
    browser.clear_cookies()
    page = browser.new_page()
    folder = SCREENSHOTS / re.sub(r"[^A-Za-z0-9_-]+", "_", request.node.name)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    tab = Ui(page, folder, console.url)
    page.on("load", lambda p: tab.loaded.append(p.url))
    try:
        yield tab
        unchecked = [url for url in tab.loaded if url not in tab.checked]
        assert unchecked == [], f"pages loaded but not axe-checked: {unchecked}"
    finally:
        page.close()
