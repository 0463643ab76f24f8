"""The worktray, case and arrangement screens against a stand-in recovery: tabs as links, the
filter and pages passed on, accept/skip/record/refresh as POST forms (CSRF token, the form's key
as recovery's Idempotency-Key) answered by a redirect with a banner; the affordability check
before saving; recovery's refusals on the field they concern; its 403 as the 403 page."""

from __future__ import annotations

import json
import re
import time
from datetime import date, timedelta

import httpx
import pytest
from fastapi.testclient import TestClient

from console.app import create_app
from console.backends import Recovery
from console.config import ConsoleSettings
from console.session import SESSION_COOKIE, Sealer, Session, new_token

KEY = "y" * 48
REC = "0b8c4e4a-9a8e-4c64-8d5e-2f1f4b0c7a11"
ARR = "5d0c9a34-7c1b-4a8e-9f57-6d2a0b1e3c44"
ROW = {"account_ref": "10000016", "lead_tenant": "Ada Tenant", "balance": "1234.50", "weekly_charge": "100.00",
       "weeks_in_arrears": "12.3", "last_payment_on": "2026-04-06", "last_payment_amount": "20.00",
       "stage": "not_started", "case_id": None, "recommendation_id": REC, "recommended_action": "letter",
       "recommended_stage": "first_letter", "reason": "r", "rank": 1, "risk": "0.9", "recommended_on": "2026-04-07",
       "hold": None, "pause_reason": None, "pause_note": None, "paused_until": None, "arrangement_id": None,
       "arrangement_status": None, "arrangement_frequency": None, "arrangement_instalment": None, "court_date": None,
       "eviction_date": None, "court_order": None}
POSITION = {"account_ref": "10000016", "balance": "1234.50", "patch": "HA01", "weeks_in_arrears": "12.34",
            "benefit_status": "none", "vulnerable": False, "vulnerability_reviewed_on": None}
ARRANGEMENT = {"arrangement_id": ARR, "account_ref": "10000016", "status": "active", "source": "officer",
               "frequency": "monthly", "instalment": "100.00", "weekly_charge": "100.00", "arrears_at_start": "1234.50",
               "start_date": "2026-05-01", "agreed_by": "jo.officer", "periods": [], "periods_kept": 0,
               "periods_missed": 0, "history": [{"status": "active", "changed_on": "2026-04-07",
                                                 "changed_at": "2026-04-07T10:00:00Z", "changed_by": "jo.officer",
                                                 "reason": None}]}
REASONS = {"reasons": [{"code": "tenant_contacted", "label": "Tenant contacted us", "needs_note": False},
                       {"code": "other", "label": "Other", "needs_note": True}]}


class StandIn:
    """Recovery as the screens use it; remembers every request."""

    def __init__(self) -> None:
        self.requests: list[httpx.Request] = []

    def sent(self, method: str, path: str) -> list[httpx.Request]:
        return [r for r in self.requests if r.method == method and r.url.path == path]

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        path, method = request.url.path, request.method
        body = json.loads(request.content) if request.content else None
        if path == "/caseloads/HA02/worktray":
            return httpx.Response(403, json={"detail": "patch HA02 is not one of yours"})
        if path == "/caseloads/HA01/worktray":
            return httpx.Response(200, json={"patch": "HA01", "tab": request.url.params["tab"], "on": "2026-04-07",
                                             "total": 60, "limit": 25, "offset": 0, "items": [ROW]})
        if path == "/policies":
            return httpx.Response(200, json=[{"policy_code": "rent", "version": 1, "policy": {
                "stages": [{"code": "first_letter", "title": "First letter"}]}}])
        if path.startswith("/settings/"):
            return httpx.Response(200, json={"key": path.rsplit("/", 1)[1], "value": REASONS})
        if path == f"/recommendations/{REC}/accept":
            return httpx.Response(201, json={"action_id": "a"})
        if path == f"/recommendations/{REC}/skip":
            return httpx.Response(204)
        if path == "/daily-runs":
            return httpx.Response(201, json={"run_id": "r"})
        if path == "/accounts/10000016" and method == "GET":
            return httpx.Response(200, json=POSITION)
        if path == "/accounts/10000016/case":
            return httpx.Response(404, json={"detail": "no open case"})
        if path in ("/accounts/10000016/recommendations", "/accounts/10000016/breathing-space"):
            return httpx.Response(200, json=[])
        if path == "/accounts/10000016/arrangements" and method == "GET":
            return httpx.Response(200, json=[ARRANGEMENT])
        if path == "/accounts/10000016/actions" and method == "GET":
            return httpx.Response(200, json=[{"action_id": "a", "action": "note", "stage": None,
                                              "taken_on": "2026-04-06", "officer": "jo.officer", "outcome": None,
                                              "details": {"notes": "promised to pay Friday"}, "wait_until": None}])
        if path == "/accounts/10000016/actions":
            if body["action"] == "note" and not body.get("notes"):
                return httpx.Response(422, json={"errors": [{"loc": ["body", "notes"], "msg": "a note needs text"}]})
            return httpx.Response(201, json={"action_id": "b"})
        if path == "/accounts/10000016/pause":
            return httpx.Response(403, json={"detail": "account 10000016 is not in one of your patches"})
        if path == "/accounts/10000016/arrangements/preview":
            affordable = body["instalment"] == "100.00"  # 1500.00 is not
            return httpx.Response(200, json={
                "arrears": "1234.50", "weekly_charge": "100.00", "monthly_charge": "433.33", "basis": "monthly",
                "total_income": "1500.00", "total_expenditure": "1033.33", "disposable_weekly": "107.69",
                "disposable_monthly": "466.67", "frequency": body["frequency"], "instalment": body["instalment"],
                "instalment_weekly": "23.08", "instalment_monthly": body["instalment"], "affordable": affordable,
                "refusal": None if affordable else "£1500.00 a month is not affordable: the assessment leaves £466.67",
                "schedule": [{"period_no": 1, "period_start": "2026-05-01", "period_end": "2026-05-31",
                              "towards": "100.00", "arrears_after": "1134.50", "charge": "442.86",
                              "expected": "542.86"}]})
        if path == "/accounts/10000016/arrangements":
            return httpx.Response(201, json=ARRANGEMENT)
        return httpx.Response(404, json={"detail": "not here"})


@pytest.fixture
def recovery():
    return StandIn()


@pytest.fixture
def client(recovery):
    app = create_app(ConsoleSettings(session_key=KEY))
    with TestClient(app, base_url="http://127.0.0.1:8080") as c:
        app.state.recovery = Recovery("recovery", "http://recovery", httpx.AsyncClient(
            transport=httpx.MockTransport(recovery)), 5)
        c.session = sign_in(c)
        yield c


def sign_in(client: TestClient, roles=("income_officer",)) -> Session:
    session = Session(username="jo.officer", roles=list(roles), patches=["HA01"], access_token="tok",
                      access_expires=time.time() + 300, refresh_token="r", csrf_token=new_token(),
                      last_seen=time.time())
    client.cookies.set(SESSION_COOKIE, Sealer(KEY).seal_session(session))
    return session


def form_of(html: str, qa: str) -> dict[str, str]:
    """The hidden fields of the first form with this data-qa (or containing a button with it)."""
    start = html.index(f'data-qa="{qa}"')
    begin = html.rfind("<form", 0, start) if html.rfind("<form", 0, start) > html.rfind("</form>", 0, start) else start
    chunk = html[begin:html.index("</form>", start)]
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', chunk))


def test_my_one_patch_opens_its_worktray(client):
    answer = client.get("/worktray", follow_redirects=False)
    assert (answer.status_code, answer.headers["location"]) == (303, "/worktray/HA01")


def test_the_worktray_shows_tabs_as_links_the_row_and_pages(client, recovery):
    page = client.get("/worktray/HA01?tab=paused&stage=first_letter&page=2")
    assert page.status_code == 200
    html = page.text
    assert 'href="/worktray/HA01?tab=recommended&amp;stage=first_letter"' in html
    assert 'aria-current="page">Paused</a>' in html
    for text in ("Ada Tenant", "£1,234.50", "12.3", "6 April 2026 (£20.00)", "Letter", 'href="/accounts/10000016"',
                 "Showing 26 to 26 of 60 cases", "7 April 2026", 'value="first_letter" selected'):
        assert text in html, text
    [asked] = recovery.sent("GET", "/caseloads/HA01/worktray")
    assert dict(asked.url.params) == {"tab": "paused", "limit": "25", "offset": "25", "stage": "first_letter"}
    assert 'data-qa="refresh"' in html  # an income officer may run the daily run


def test_refresh_is_hidden_from_a_role_that_may_not_run_it(client):
    sign_in(client, roles=("rent_officer",))
    assert 'data-qa="refresh"' not in client.get("/worktray/HA01").text


def test_another_patch_is_recoverys_403_page(client):
    page = client.get("/worktray/HA02")
    assert page.status_code == 403 and "HA02 is not one of yours" in page.text


def test_accept_posts_with_the_forms_key_and_comes_back_with_a_banner(client, recovery):
    fields = form_of(client.get("/worktray/HA01").text, "accept")
    assert fields["csrf_token"] == client.session.csrf_token and len(fields["form_key"]) == 32
    answer = client.post(f"/worktray/HA01/recommendations/{REC}/accept", data=fields, follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/worktray/HA01?tab=recommended&done=accepted&ref=10000016"
    [sent] = recovery.sent("POST", f"/recommendations/{REC}/accept")
    assert sent.headers["Idempotency-Key"] == fields["form_key"]
    banner = client.get(answer.headers["location"]).text
    assert "Recommendation accepted for account 10000016" in banner


def test_a_form_without_its_csrf_token_is_refused(client, recovery):
    answer = client.post(f"/worktray/HA01/recommendations/{REC}/accept", data={"csrf_token": "forged"})
    assert answer.status_code == 403 and recovery.sent("POST", f"/recommendations/{REC}/accept") == []


def test_skip_needs_a_reason_and_a_note_for_other(client, recovery):
    html = client.get(f"/worktray/HA01/recommendations/{REC}/skip?account_ref=10000016").text
    assert "Tenant contacted us" in html
    fields = form_of(html, "skip-submit")
    empty = client.post(f"/worktray/HA01/recommendations/{REC}/skip", data=fields)
    assert empty.status_code == 400 and 'href="#reason"' in empty.text
    other = client.post(f"/worktray/HA01/recommendations/{REC}/skip", data={**fields, "reason": "other"})
    assert other.status_code == 400 and "Enter a note saying why" in other.text and 'href="#note"' in other.text
    done = client.post(f"/worktray/HA01/recommendations/{REC}/skip", follow_redirects=False,
                       data={**fields, "reason": "other", "note": "spoke to them"})
    assert done.headers["location"] == "/worktray/HA01?tab=recommended&done=skipped&ref=10000016"
    [sent] = recovery.sent("POST", f"/recommendations/{REC}/skip")
    assert json.loads(sent.content) == {"reason": "other", "note": "spoke to them"}


def test_refresh_runs_todays_daily_run(client, recovery):
    fields = form_of(client.get("/worktray/HA01").text, "refresh")
    answer = client.post("/worktray/HA01/refresh", data=fields, follow_redirects=False)
    assert answer.status_code == 303 and "done=refreshed" in answer.headers["location"]
    [sent] = recovery.sent("POST", "/daily-runs")
    assert json.loads(sent.content) == {"run_date": date.today().isoformat()}


def test_the_case_page_shows_the_diary_and_a_note_needs_its_text(client, recovery):
    html = client.get("/accounts/10000016/case").text
    assert "promised to pay Friday" in html and "£1,234.50" in html and "Not started" in html
    fields = form_of(html, "record-form")
    refused = client.post("/accounts/10000016/case/actions", data={**fields, "action": "note"})
    assert refused.status_code == 400 and "Enter the note" in refused.text
    done = client.post("/accounts/10000016/case/actions", follow_redirects=False,
                       data={**fields, "action": "note", "notes": "called, no answer"})
    assert done.headers["location"] == "/accounts/10000016/case?done=recorded&ref=10000016"
    [sent] = recovery.sent("POST", "/accounts/10000016/actions")
    assert json.loads(sent.content) == {"action": "note", "taken_on": date.today().isoformat(),
                                        "notes": "called, no answer"}
    assert sent.headers["Idempotency-Key"] == fields["form_key"]


def test_a_pause_recovery_refuses_for_the_role_is_the_403_page(client):
    fields = form_of(client.get("/accounts/10000016/case").text, "pause-form")
    until = date.today() + timedelta(days=10)
    answer = client.post("/accounts/10000016/case/pause", data={
        **fields, "pause_reason": "tenant_contacted", "pause_until-day": str(until.day),
        "pause_until-month": str(until.month), "pause_until-year": str(until.year)})
    assert answer.status_code == 403 and "You cannot see this page" in answer.text


MONTHLY = {"assessment_basis": "monthly", "income_benefits_and_tax_credits": "£1,500.00",
           "spend_home_and_contents": "433.33", "spend_food_and_housekeeping": "600", "frequency": "monthly",
           "start_date-day": "1", "start_date-month": "5", "start_date-year": "2026"}


def test_an_unaffordable_offer_is_the_error_on_the_instalment(client, recovery):
    csrf = {"csrf_token": client.session.csrf_token}
    answer = client.post("/accounts/10000016/arrangements/check", data={**csrf, **MONTHLY, "instalment": "1500"})
    assert answer.status_code == 400
    assert 'href="#instalment"' in answer.text and "£1,500.00 a month is not affordable" in answer.text
    [sent] = recovery.sent("POST", "/accounts/10000016/arrangements/preview")
    assert json.loads(sent.content) == {
        "frequency": "monthly", "instalment": "1500.00", "start_date": "2026-05-01", "assessment_basis": "monthly",
        "income": {"benefits_and_tax_credits": "1500.00"},
        "expenditure": {"home_and_contents": "433.33", "food_and_housekeeping": "600.00"}}
    assert recovery.sent("POST", "/accounts/10000016/arrangements") == []


def test_an_affordable_offer_is_shown_then_saved_with_the_same_values(client, recovery):
    csrf = {"csrf_token": client.session.csrf_token}
    result = client.post("/accounts/10000016/arrangements/check", data={**csrf, **MONTHLY, "instalment": "100.00"})
    assert result.status_code == 200 and "The offer is affordable" in result.text
    assert '<span data-qa="offer">£100.00 a month</span> towards' in result.text and "£466.67 a month" in result.text
    assert recovery.sent("POST", "/accounts/10000016/arrangements") == []
    fields = form_of(result.text, "save-form")
    assert fields["instalment"] == "100.00" and fields["frequency"] == "monthly"
    saved = client.post("/accounts/10000016/arrangements", data=fields, follow_redirects=False)
    assert saved.headers["location"] == "/accounts/10000016/arrangements?done=arrangement_made&ref=10000016"
    [sent] = recovery.sent("POST", "/accounts/10000016/arrangements")
    assert sent.headers["Idempotency-Key"] == fields["form_key"]
    history = client.get(saved.headers["location"]).text
    assert "Arrangement saved for account 10000016" in history and "£100.00 monthly from 1 May 2026" in history


def test_a_bad_amount_and_date_are_the_forms_own_errors(client, recovery):
    csrf = {"csrf_token": client.session.csrf_token}
    answer = client.post("/accounts/10000016/arrangements/check", data={
        **csrf, **MONTHLY, "spend_utilities": "12.345", "instalment": "", "start_date-month": "13"})
    assert answer.status_code == 400
    for href in ("#spend_utilities", "#instalment", "#start_date-day"):
        assert f'href="{href}"' in answer.text, href
    assert recovery.sent("POST", "/accounts/10000016/arrangements/preview") == []
