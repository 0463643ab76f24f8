"""Every template renders, and the console's own rules as HTTP: sign-in required, the flow's
cookies, CSRF on sign-out, the idle time-out, error pages (with a stand-in billing)."""

from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from console.app import create_app, template_environment
from console.backends import Billing
from console.config import PACKAGE_ROOT, ConsoleSettings
from console.session import SESSION_COOKIE, SIGN_IN_COOKIE, Sealer, Session, new_token

KEY = "x" * 48
BASE = "http://127.0.0.1:8080"
ACCOUNT = {"account_ref": "10000016", "account_type": "rent", "status": "open", "balance": "123.45",
           "last_seq": 3, "opened_on": "2026-04-06", "closed_on": None, "tenancy_ref": "T1",
           "property_ref": "P1", "patch": "HA01"}
PROPERTY = {"property_ref": "P1", "address": ["1 High Street", "Hackney"], "postcode": "E8 1AA", "patch": "HA01",
            "area": "North", "property_type": "flat", "bedrooms": 2}


def billing_stub(request: httpx.Request) -> httpx.Response:
    assert request.headers["authorization"].startswith("Bearer ")
    path = request.url.path
    if path == "/accounts/10000016":
        return httpx.Response(200, json=ACCOUNT)
    if path == "/properties/P1":
        return httpx.Response(200, json=PROPERTY)
    if path == "/accounts/10000024":
        return httpx.Response(403, json={"detail": "account 10000024 is not in one of your patches"})
    if path == "/accounts/10000032":
        return httpx.Response(503, json={"detail": "not ready"})
    if path == "/accounts/10000040":
        raise httpx.ConnectError("refused")
    return httpx.Response(404, json={"detail": "no such account"})


@pytest.fixture
def client():
    app = create_app(ConsoleSettings(session_key=KEY))
    with TestClient(app, base_url=BASE) as c:
        app.state.billing = Billing("billing", "http://billing", httpx.AsyncClient(
            transport=httpx.MockTransport(billing_stub)), 5)
        yield c


def signed_in(client: TestClient, **overrides) -> Session:
    values = dict(username="jo.officer", roles=["rent_officer"], patches=["HA01"], access_token="tok",
                  access_expires=time.time() + 300, refresh_token="refresh", csrf_token=new_token(),
                  last_seen=time.time())
    session = Session(**{**values, **overrides})
    client.cookies.set(SESSION_COOKIE, Sealer(KEY).seal_session(session))
    return session


def test_every_template_renders():
    env = template_environment()
    user = Session(username="jo.officer", roles=["rent_officer"], patches=["HA01"], access_token="t",
                   access_expires=0, refresh_token=None, csrf_token="c", last_seen=0)
    context = {"request": None, "user": user, "csrf_token": "c", "service_name": "Rent accounts", "errors": {},
               "query": "", "account": ACCOUNT, "property": PROPERTY, "balance": "£123.45", "message": "m",
               "service": "Billing", "detail": "d", "status": 500, "opened_on": "6 April 2026"}
    # Pages only: _name.html is a part (a macro or an include) that a page renders.
    templates = sorted(str(p.relative_to(PACKAGE_ROOT)) for p in PACKAGE_ROOT.glob("**/*.html")
                       if not p.name.startswith("_"))
    assert "layout.html" in templates and len(templates) >= 9
    for name in templates:
        html = env.get_template(name).render(context)
        assert "<html lang=\"en\"" in html and "Rent accounts" in html, name
        assert "cdn" not in html.lower() and "https://" not in html.replace("https://www.nationalarchives", ""), name
    assert (Path(PACKAGE_ROOT) / "static" / "console.css").exists()


def test_pages_need_a_sign_in_and_come_back_to_the_page_asked_for(client):
    answer = client.get("/accounts/10000016?x=1", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/sign-in?return_to=%2Faccounts%2F10000016%3Fx%3D1"


def test_sign_in_sends_the_browser_to_the_issuer_with_a_short_lived_httponly_cookie(client):
    answer = client.get("/sign-in?return_to=/accounts/1", follow_redirects=False)
    query = parse_qs(urlsplit(answer.headers["location"]).query)
    assert query["redirect_uri"] == [f"{BASE}/auth/callback"] and query["code_challenge_method"] == ["S256"]
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SIGN_IN_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert "Max-Age=600" in cookie and "Path=/auth/callback" in cookie
    assert "Secure" not in cookie  # plain http on loopback


def test_a_callback_without_the_sign_in_cookie_or_with_another_state_fails_politely(client):
    answer = client.get("/auth/callback?code=c&state=s")
    assert answer.status_code == 400 and 'data-qa="sign-in-failed"' in answer.text


def test_the_session_cookie_is_httponly_lax_and_renewed_on_each_page(client):
    signed_in(client)
    answer = client.get("/")
    assert answer.status_code == 200 and 'data-qa="user-name">jo.officer<' in answer.text
    assert "HA01" in answer.text and "rent_officer" in answer.text
    cookie = answer.headers["set-cookie"]
    assert cookie.startswith(f"{SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=lax" in cookie
    assert answer.headers["cache-control"] == "no-store"


def test_an_idle_session_signs_in_again_and_returns(client):
    signed_in(client, last_seen=time.time() - 31 * 60)
    answer = client.get("/accounts/10000016", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in?return_to=%2Faccounts")
    assert f'{SESSION_COOKIE}=""' in answer.headers["set-cookie"]


def test_sign_out_needs_the_forms_csrf_token(client):
    session = signed_in(client)
    refused = client.post("/sign-out", data={"csrf_token": "wrong"})
    assert refused.status_code == 403
    answer = client.post("/sign-out", data={"csrf_token": session.csrf_token}, follow_redirects=False)
    assert answer.status_code == 303 and "/logout?" in answer.headers["location"]
    assert f'{SESSION_COOKIE}=""' in answer.headers["set-cookie"]


def test_an_empty_or_malformed_search_is_answered_with_the_error_summary(client):
    signed_in(client)
    for query, message in (("", "Enter an account reference"), ("x", "2 characters or more")):
        answer = client.get("/search", params={"q": query})
        assert answer.status_code == 400
        assert 'data-qa="error-summary"' in answer.text and 'href="#q"' in answer.text and message in answer.text
        assert "<title>Error: " in answer.text


def test_a_reference_goes_to_its_account_page_with_billings_figures(client):
    signed_in(client)
    answer = client.get("/search", params={"q": " 1000 0016 "}, follow_redirects=False)
    assert answer.headers["location"] == "/accounts/10000016"
    page = client.get("/accounts/10000016")
    assert page.status_code == 200 and "£123.45" in page.text and "E8 1AA" in page.text
    assert "6 April 2026" in page.text and "&lt;span" not in page.text


@pytest.mark.parametrize(("ref", "status", "marker"), [
    ("10000057", 404, 'data-qa="not-found"'),
    ("10000024", 403, 'data-qa="forbidden"'),
    ("10000032", 503, "Billing is not available"),
    ("10000040", 503, "Billing is not available"),
])
def test_billings_answers_become_pages_without_a_stack_trace(client, ref, status, marker):
    signed_in(client)
    page = client.get(f"/accounts/{ref}")
    assert page.status_code == status and marker in page.text
    assert "Traceback" not in page.text


def test_assets_are_served_by_the_console(client):
    for path in ("/assets/govuk-frontend.min.css", "/assets/govuk-frontend.min.js", "/assets/console.css",
                 "/assets/images/favicon.svg", "/assets/manifest.json"):
        assert client.get(path).status_code == 200, path


class FakeOidc:
    def __init__(self, works: bool) -> None:
        self.works = works
        self.refreshed_with: list[str] = []

    async def refresh(self, refresh_token: str):
        from console.oidc import SignInFailed, Tokens

        self.refreshed_with.append(refresh_token)
        if not self.works:
            raise SignInFailed("refused")
        return Tokens(access_token="fresh", access_expires=time.time() + 300, refresh_token="refresh-2",
                      id_token=None, username="jo.officer", roles=["rent_officer"], patches=["HA01"])


def test_an_expired_access_token_is_refreshed_and_the_new_one_used(client):
    client.app.state.oidc = fake = FakeOidc(works=True)
    seen: list[str] = []

    def stub(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers["authorization"])
        return billing_stub(request)

    client.app.state.billing = Billing("billing", "http://billing", httpx.AsyncClient(
        transport=httpx.MockTransport(stub)), 5)
    signed_in(client, access_expires=time.time() - 1)
    page = client.get("/accounts/10000016")
    assert page.status_code == 200 and fake.refreshed_with == ["refresh"]
    assert seen[0] == "Bearer fresh"
    renewed = Sealer(KEY).unseal_session(page.cookies.get(SESSION_COOKIE))
    assert renewed.access_token == "fresh" and renewed.refresh_token == "refresh-2"


def test_a_refused_refresh_signs_in_again(client):
    client.app.state.oidc = FakeOidc(works=False)
    signed_in(client, access_expires=time.time() - 1)
    answer = client.get("/accounts/10000016", follow_redirects=False)
    assert answer.status_code == 303 and answer.headers["location"].startswith("/sign-in?return_to=")
