"""The search, account and statement screens: formatting rules, the statement period's
validation, the statement as CSV and PDF (read back with pypdf), the account page's sections
each degrading on its own, and search's results, paging and straight-to-the-account rule —
all with stand-in services."""

from __future__ import annotations

import csv
import io
import time
from datetime import UTC, date, datetime
from decimal import Decimal

import httpx
import pytest
from fastapi.testclient import TestClient

from console.app import create_app
from console.backends import BACKENDS
from console.config import ConsoleSettings
from console.formatting import date_time, label, long_date, money, short_date, signed_money
from console.screens.account.sections import changes, holds, merged_audit
from console.screens.search.routes import exact_reference, page_number, search_problem
from console.screens.statement.content import as_csv, as_pdf, page_of, read_statement
from console.screens.statement.period import default_period, read_period
from console.session import SESSION_COOKIE, Sealer, Session, new_token

KEY = "k" * 48
REF = "10000016"
ACCOUNT = {"account_ref": REF, "account_type": "rent", "status": "open", "balance": "-12.50", "last_seq": 3,
           "opened_on": "2026-04-06", "closed_on": None, "tenancy_ref": "T1", "property_ref": "P1", "patch": "HA01"}
PROPERTY = {"property_ref": "P1", "address": ["Flat 2", "1 High Street"], "postcode": "E8 1AA", "patch": "HA01",
            "area": "Hackney", "property_type": "flat", "bedrooms": 2}
CHARGE = {"charge_type": "rent", "weekly_amount": "120.00", "benefit_eligible": True,
          "effective_from": "2026-04-06", "effective_to": None, "reason": "let", "created_by": "jo"}
OVERVIEW = {"account": ACCOUNT, "as_at": "2026-12-08", "balance": "-12.50", "weekly_charge": "120.00",
            "tenancy": {"tenancy_ref": "T1", "tenure": "secure", "start_date": "2026-04-06", "end_date": None,
                        "end_reason": None,
                        "tenants": [{"person_id": "p1", "name": "Ann O'Neill", "is_lead": True,
                                     "joined_on": "2026-04-06", "left_on": None}]},
            "property": PROPERTY, "charges_in_force": [CHARGE],
            "charge_history": [CHARGE, {**CHARGE, "weekly_amount": "110.00", "effective_from": "2025-04-07",
                                        "effective_to": "2026-04-05", "reason": "rent review"}]}


def posting(seq: int, kind: str, amount: str, day: str, **extra) -> dict:
    return {"posting_id": f"00000000-0000-0000-0000-{seq:012d}", "account_seq": seq, "posting_type": kind,
            "amount": amount, "balance_after": "0", "effective_date": day, "rent_year": None, "rent_week": None,
            "charge_type": None, "source": "s", "reason": None, "posted_by": "x",
            "posted_at": f"{day}T10:00:00Z", "channel": None, **extra}


POSTINGS = [posting(1, "charge", "120.00", "2026-04-06", charge_type="rent", rent_year=2026, rent_week=1),
            posting(2, "payment", "-100.00", "2026-04-08", channel="card"),
            posting(3, "adjustment", "-32.50", "2026-04-09", reason="=cmd|' /C calc'!A0")]
STATEMENT = {"account_ref": REF, "date_from": "2026-04-01", "date_to": "2026-12-08", "opening_balance": "0.00",
             "debits": "120.00", "credits": "132.50", "closing_balance": "-12.50", "postings": POSTINGS,
             "total_postings": 3, "offset": 0}


# --- formatting ---------------------------------------------------------------------------

def test_money_is_pounds_with_thousands_and_in_credit_when_negative():
    assert money("1234.5") == "£1,234.50"
    assert money(Decimal("-12")) == "£12.00 in credit"
    assert money("0") == "£0.00"
    assert money(None) == "" and money("nonsense") == ""
    assert signed_money("-3.2") == "\u2212£3.20" and signed_money("3.2") == "£3.20"


def test_dates_as_govuk_writes_them_in_london_time():
    assert long_date("2026-04-06") == "6 April 2026"
    assert short_date(date(2026, 12, 25)) == "25 Dec 2026"
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST)
    assert long_date("2026-06-30T23:30:00Z") == "1 July 2026"
    assert date_time(datetime(2026, 6, 30, 23, 30, tzinfo=UTC)) == "1 July 2026 at 12:30am"
    assert date_time("2026-01-05T13:05:00+00:00") == "5 January 2026 at 1:05pm"
    assert long_date(None) == "" and label("notice_seeking_possession") == "Notice seeking possession"


# --- the statement period ---------------------------------------------------------------

def test_no_period_asked_for_is_the_financial_year_to_date():
    period = read_period({}, date(2026, 12, 8))
    assert period.valid and (period.start.value, period.end.value) == (date(2026, 4, 1), date(2026, 12, 8))
    assert default_period(date(2027, 2, 1)).start.value == date(2026, 4, 1)


@pytest.mark.parametrize(("values", "errors"), [
    ({"from-day": "31", "from-month": "2", "from-year": "2026", "to-day": "1", "to-month": "3", "to-year": "2026"},
     {"from-day": "Start date must be a real date"}),
    ({"from-day": "1", "from-month": "", "from-year": "2026", "to-day": "1", "to-month": "3", "to-year": "26"},
     {"from-month": "Start date must include a month", "to-year": "End date year must include 4 numbers"}),
    ({"from-day": "1", "from-month": "4", "from-year": "2026"}, {"to-day": "Enter the end date"}),
    ({"from-day": "2", "from-month": "4", "from-year": "2026", "to-day": "1", "to-month": "4", "to-year": "2026"},
     {"to-day": "End date must be the same as or after the start date"}),
    ({"from-day": "x", "from-month": "4", "from-year": "2026", "to-day": "1", "to-month": "4", "to-year": "2027"},
     {"from-day": "Start date must be a real date"}),
])
def test_a_period_that_is_not_one_is_answered_on_the_field(values, errors):
    period = read_period(values, date(2026, 12, 8))
    assert period.errors == errors
    bad = [item["name"] for dated in (period.start, period.end) for item in dated.items()
           if "govuk-input--error" in item["classes"]]
    assert bad, "the wrong parts are marked"


# --- the statement, CSV and PDF ---------------------------------------------------------

def test_the_statement_counts_each_lines_balance_from_the_opening_balance():
    statement = read_statement(STATEMENT, 3)
    assert [line.balance for line in statement.lines] == [Decimal("120.00"), Decimal("20.00"), Decimal("-12.50")]
    assert statement.lines[-1].balance == statement.closing and statement.complete
    assert statement.lines[0].description == "Charge: rent, week 1 of 2026"
    assert statement.lines[1].credit == Decimal("100.00") and statement.lines[1].debit is None
    assert not read_statement(STATEMENT, 700).complete
    lines, pages = page_of(statement.lines, 9, 2)
    assert pages == 2 and len(lines) == 1


def test_the_csv_has_the_opening_each_line_and_the_closing_balance_and_no_formulas():
    rows = list(csv.reader(io.StringIO(as_csv(read_statement(STATEMENT, 3)))))
    assert rows[0] == ["date", "description", "debit", "credit", "balance"]
    assert rows[1] == ["2026-04-01", "Opening balance", "", "", "0.00"]
    assert rows[2] == ["2026-04-06", "Charge: rent, week 1 of 2026", "120.00", "", "120.00"]
    assert rows[-1] == ["2026-12-08", "Closing balance", "120.00", "132.50", "-12.50"]
    assert len(rows) == 6
    assert not any(cell.startswith(("=", "+", "@")) for row in rows for cell in row)


def test_the_pdf_reads_back_with_the_account_period_lines_and_total():
    from pypdf import PdfReader

    pdf = as_pdf(read_statement(STATEMENT, 3), organisation="Hackney Homes", tenant="Ann O'Neill",
                 address="1 High Street, E8 1AA", today=date(2026, 12, 8))
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Hackney Homes" in text and f"Account {REF}" in text and "Ann O'Neill" in text
    assert "1 April 2026 to 8 December 2026" in text
    assert "Opening balance £0.00" in text and "Payment, card" in text
    total = next(line for line in text.splitlines() if "Total and closing balance" in line)
    assert total.endswith("£120.00 £132.50 £12.50 in credit")


# --- account sections -------------------------------------------------------------------

def test_holds_name_breathing_space_vulnerability_benefit_timing_and_a_pause():
    today = date(2026, 12, 8)
    found = holds({"paused_until": "2026-12-20", "pause_reason": "promise_of_payment", "pause_note": None},
                  {"vulnerable": True, "vulnerability_reviewed_on": "2026-11-01", "benefit_claim_pending": True},
                  [{"kind": "standard", "reference": "BS1", "start_date": "2026-12-01", "ends_on": "2027-02-01",
                    "ended_early_on": None},
                   {"kind": "standard", "reference": "OLD", "start_date": "2025-01-01", "ends_on": "2025-03-01",
                    "ended_early_on": None}], None, today)
    assert [h["name"] for h in found] == ["Breathing Space", "Vulnerability", "Benefit timing", "Paused"]
    assert "BS1" in found[0]["detail"] and "until 1 February 2027" in found[0]["detail"]
    assert found[3]["detail"] == "Until 20 December 2026: promise of payment"
    assert holds(None, None, None, {"hold": "benefit_timing"}, today) == [
        {"name": "Benefit timing", "detail": "Benefit timing"}]


def test_the_audit_trails_merge_newest_first_saying_whose_and_what_changed():
    merged = merged_audit([{"at": "2026-05-01T10:00:00Z", "action": "charges_changed"}],
                          [{"at": "2026-06-01T10:00:00Z", "action": "paused"},
                           {"at": "2026-04-01T10:00:00Z", "action": "opened"}])
    assert [(r["service"], r["action"]) for r in merged] == [
        ("Recovery", "paused"), ("Billing", "charges_changed"), ("Recovery", "opened")]
    assert changes({"before": {"status": "open", "x": 1}, "after": {"status": "paused", "x": 1, "until": "d"}}) \
        == "status: open → paused; until: d"


# --- the pages, with stand-in services ---------------------------------------------------

def services(down: frozenset[str] = frozenset(), audit_status: int = 200):
    def answer(service: str, request: httpx.Request) -> httpx.Response:
        if service in down:
            raise httpx.ConnectError("refused")
        path = request.url.path
        if service == "billing":
            if path == f"/accounts/{REF}":
                return httpx.Response(200, json=ACCOUNT)
            if path == f"/accounts/{REF}/overview":
                return httpx.Response(200, json=OVERVIEW)
            if path == f"/accounts/{REF}/statement":
                return httpx.Response(200, json=STATEMENT)
            if path == f"/accounts/{REF}/audit":
                return httpx.Response(audit_status, json={"account_ref": REF, "limit": 50, "offset": 0, "more": False,
                                                          "items": [{"id": 1, "at": "2026-05-01T09:00:00Z",
                                                                     "actor": "jo", "action": "charges_changed",
                                                                     "entity": "account", "entity_id": REF,
                                                                     "before": {"rent": "110.00"},
                                                                     "after": {"rent": "120.00"}, "reason": "review",
                                                                     "source": None}]})
            if path == "/search":
                return search_answer(request)
        if service == "recovery":
            routes = {
                f"/accounts/{REF}/case": {"case_id": "c1", "account_ref": REF, "policy_code": "P", "status": "open",
                                          "opened_on": "2026-05-01", "closed_on": None, "stage": "letter_one",
                                          "stage_on": "2026-05-02", "court_date": None, "notice_served_on": None,
                                          "notice_usable_from": None, "notice_expires_on": None, "court_order": None,
                                          "possession_date": None, "order_breached": False, "eviction_date": None,
                                          "paused_until": None},
                f"/accounts/{REF}": {"vulnerable": True, "vulnerability_reviewed_on": None},
                f"/accounts/{REF}/arrangements": [{"arrangement_id": "a1", "status": "active", "frequency": "monthly",
                                                   "instalment": "40.00", "arrears_at_start": "300.00",
                                                   "start_date": "2026-06-01", "agreed_by": "jo",
                                                   "periods_kept": 1, "periods_missed": 1, "breached_on": None,
                                                   "periods": [{"period_no": 1, "period_start": "2026-06-01",
                                                                "period_end": "2026-06-30", "expected": "560.00",
                                                                "paid": "560.00", "kept": True, "reason": ""},
                                                               {"period_no": 2, "period_start": "2026-07-01",
                                                                "period_end": "2026-07-31", "expected": "560.00",
                                                                "paid": "100.00", "kept": False, "reason": ""}]}],
                f"/accounts/{REF}/breathing-space": [],
                f"/accounts/{REF}/recommendations": [{"action": "send_letter_two", "status": "pending",
                                                      "run_date": "2026-12-08", "reason": "14 days after letter one",
                                                      "hold": None}],
                f"/accounts/{REF}/actions": [{"action": "phone_call", "stage": None, "taken_on": "2026-06-02",
                                              "officer": "jo", "outcome": "promise", "details": {"notes": "Pays Fri"},
                                              "wait_until": None}],
                f"/accounts/{REF}/audit": {"account_ref": REF, "total": 1, "limit": 50, "offset": 0,
                                           "items": [{"id": 9, "at": "2026-06-01T10:00:00Z", "actor": "jo",
                                                      "action": "arrangement_created", "entity": "arrangement",
                                                      "entity_id": "a1", "before": None, "after": {"status": "active"},
                                                      "reason": None, "source": None}]},
            }
            if path == f"/accounts/{REF}/audit" and audit_status != 200:
                return httpx.Response(audit_status, json={"detail": "no"})
            if path in routes:
                return httpx.Response(200, json=routes[path])
        if service == "payments" and path == f"/direct-debits/accounts/{REF}/mandates":
            return httpx.Response(200, json=[])
        if service == "notifications" and path == "/notifications":
            return httpx.Response(200, json=[{"notification_id": "n1", "account_ref": REF, "letter_type": "letter_one",
                                              "channel": "letter", "status": "sent", "failure_reason": None,
                                              "requested_at": "2026-05-02T09:00:00Z",
                                              "rendered_at": "2026-05-02T09:01:00Z"}])
        return httpx.Response(404, json={"detail": "not here"})

    return answer


def search_answer(request: httpx.Request) -> httpx.Response:
    q, offset = request.url.params["q"], int(request.url.params.get("offset", 0))
    if q == "!!":
        return httpx.Response(422, json={"detail": "bad", "errors": [{"loc": ["query", "q"], "msg": "q is not one"}]})
    hit = {"account_ref": REF, "account_type": "rent", "tenancy_ref": "T1", "property_ref": "P1",
           "lead_tenant": "Ann O'Neill", "address": ["1 High Street"], "postcode": "E8 1AA", "balance": "-12.50",
           "status": "open", "patch": "HA01", "matched_on": "name", "score": 0.9}
    if q == "T1":
        return httpx.Response(200, json={"q": q, "limit": 20, "offset": 0, "more": False,
                                         "items": [{**hit, "matched_on": "tenancy_ref", "score": 1}]})
    if q == "nobody":
        return httpx.Response(200, json={"q": q, "limit": 20, "offset": 0, "more": False, "items": []})
    return httpx.Response(200, json={"q": q, "limit": 20, "offset": offset, "more": offset == 0, "items": [hit]})


@pytest.fixture
def client():
    app = create_app(ConsoleSettings(session_key=KEY, organisation_name="Hackney Homes"))
    with TestClient(app, base_url="http://127.0.0.1:8080") as c:
        c.wire = lambda **kw: wire(app, **kw)
        c.wire()
        session = Session(username="jo.officer", roles=["rent_officer"], patches=["HA01"], access_token="t",
                          access_expires=time.time() + 300, refresh_token="r", csrf_token=new_token(),
                          last_seen=time.time())
        c.cookies.set(SESSION_COOKIE, Sealer(KEY).seal_session(session))
        yield c


def wire(app, **kw) -> None:
    answer = services(**kw)
    for name, backend in BACKENDS.items():
        transport = httpx.MockTransport(lambda request, name=name: answer(name, request))
        setattr(app.state, name, backend(name, f"http://{name}", httpx.AsyncClient(transport=transport), 5))


def test_the_header_names_the_landlord_not_govuk(client):
    page = client.get("/").text
    assert "Hackney Homes" in page and "Staff console" in page
    assert "GOV.UK" not in page and "Crown copyright" not in page and "govuk-header__logo" not in page
    assert "Open Government Licence" not in page


def test_the_account_page_shows_every_section(client):
    page = client.get(f"/accounts/{REF}")
    assert page.status_code == 200
    text = page.text
    for qa in ("account-summary", "charges-in-force", "charges-history", "statement-lines", "case", "holds",
               "arrangement", "arrangement-periods", "notifications", "diary", "audit", "no-mandate"):
        assert f'data-qa="{qa}"' in text, qa
    assert "£12.50 in credit" in text and "Ann O&#39;Neill" in text and "Secure" in text
    assert "6 April 2026" in text and "£120.00" in text and "Letter one" in text
    assert f'href="/accounts/{REF}/letters/n1"' in text
    assert "1 kept, 1 missed" in text and "Vulnerability" in text and "Send letter two" in text
    # both audit trails, newest first
    assert text.index("Arrangement created") < text.index("Charges changed")
    assert "-unavailable" not in text


def test_a_service_down_leaves_a_note_in_its_section_not_a_failed_page(client):
    client.wire(down=frozenset({"recovery", "payments", "notifications"}))
    text = client.get(f"/accounts/{REF}").text
    for qa in ("recovery", "direct-debit", "notifications", "diary", "audit-recovery_audit"):
        assert f'data-qa="{qa}-unavailable"' in text, qa
    assert "Recovery is not available at the moment" in text and 'data-qa="account-balance"' in text


def test_an_audit_trail_the_role_may_not_read_is_hidden(client):
    client.wire(audit_status=403)
    page = client.get(f"/accounts/{REF}")
    assert page.status_code == 200 and 'id="audit"' not in page.text and "Audit trail" not in page.text


def test_billing_down_is_the_503_page(client):
    client.wire(down=frozenset({"billing"}))
    page = client.get(f"/accounts/{REF}")
    assert page.status_code == 503 and "Billing is not available" in page.text


def test_statement_page_downloads_and_a_bad_period(client):
    query = "from-day=1&from-month=4&from-year=2026&to-day=8&to-month=12&to-year=2026"
    page = client.get(f"/accounts/{REF}/statement?{query}")
    assert page.status_code == 200 and 'data-amount="-12.50"' in page.text
    assert page.text.count('data-qa="statement-line"') == 3
    download = client.get(f"/accounts/{REF}/statement.csv?{query}")
    assert download.headers["content-type"].startswith("text/csv")
    assert f'filename="statement-{REF}-2026-04-01-to-2026-12-08.csv"' in download.headers["content-disposition"]
    pdf = client.get(f"/accounts/{REF}/statement.pdf?{query}")
    assert pdf.headers["content-type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    bad = client.get(f"/accounts/{REF}/statement?from-day=40&from-month=1&from-year=2026")
    assert bad.status_code == 400 and 'href="#from-day"' in bad.text and 'href="#to-day"' in bad.text
    assert bad.text.count("govuk-error-message") == 2


def test_search_results_paging_and_the_straight_to_the_account_rules(client):
    page = client.get("/search", params={"q": "o'neill"})
    assert page.status_code == 200 and 'data-qa="result"' in page.text and "£12.50 in credit" in page.text
    assert "/search?q=o%27neill&amp;page=2" in page.text and "Previous" not in page.text
    second = client.get("/search", params={"q": "o'neill", "page": "2"})
    assert "Previous" in second.text and "page=3" not in second.text
    assert client.get("/search", params={"q": "T1"}, follow_redirects=False).headers["location"] == f"/accounts/{REF}"
    assert client.get("/search", params={"q": REF}, follow_redirects=False).headers["location"] == f"/accounts/{REF}"
    assert "no matching results" in client.get("/search", params={"q": "nobody"}).text
    refused = client.get("/search", params={"q": "!!"})
    assert refused.status_code == 400 and "q is not one" in refused.text and 'href="#q"' in refused.text


def test_search_rules():
    assert search_problem("  ") and search_problem("a") and search_problem("x" * 101)
    assert search_problem("ab") is None
    assert page_number("0") == 1 and page_number("x") == 1 and page_number("9999") == 51
    exact = {"account_ref": "1", "matched_on": "account_ref", "score": 1}
    assert exact_reference([exact, {"account_ref": "2", "matched_on": "name", "score": 1}]) == "1"
    assert exact_reference([exact, {**exact, "account_ref": "2"}]) is None
    assert exact_reference([{"account_ref": "3", "matched_on": "postcode", "score": 1}]) is None
