"""An account's statement for a chosen period (GOV.UK date inputs, the error summary on a
date that is not one), paged, and downloaded as CSV or PDF — both from billing's statement,
the PDF rendered by the console."""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import Response

from console.backends import Billing, NotFound, ServiceUnavailable
from console.screens.statement.content import (
    BILLING_LIMIT,
    Statement,
    as_csv,
    as_pdf,
    filename,
    page_of,
    read_statement,
)
from console.screens.statement.period import Period, read_period
from console.web import SignedIn, render

router = APIRouter()
PAGE_SIZE = 25
MAX_LINES = 10_000  # a statement longer than this shows its totals and asks for a shorter period


def today() -> date:
    return date.today()


async def statement_answer(billing: Billing, ref: str, period: Period, token: str) -> Statement:
    """Billing's statement for the period, every page of it up to MAX_LINES postings."""
    params = {"date_from": period.start.value.isoformat(), "date_to": period.end.value.isoformat(),
              "limit": BILLING_LIMIT}
    answer = await billing.get(f"/accounts/{quote(ref, safe='')}/statement", token, params)
    postings = list(answer.get("postings") or [])
    total = answer.get("total_postings")
    while total is not None and len(postings) < min(total, MAX_LINES) and answer.get("postings"):
        answer = await billing.get(f"/accounts/{quote(ref, safe='')}/statement", token,
                                   {**params, "offset": len(postings)})
        postings += answer.get("postings") or []
    return read_statement({**answer, "postings": postings[:MAX_LINES]}, total)



async def who_and_where(billing: Billing, ref: str, token: str) -> tuple[str | None, str | None]:
    """The lead tenant and the address, from billing's account overview (None when not known)."""
    try:
        overview = await billing.get(f"/accounts/{quote(ref, safe='')}/overview", token)
    except (NotFound, ServiceUnavailable):
        return None, None
    tenants = [t for t in ((overview.get("tenancy") or {}).get("tenants") or []) if not t.get("left_on")]
    lead = next((t for t in tenants if t.get("is_lead")), tenants[0] if tenants else None)
    home = overview.get("property") or {}
    lines = [*(home.get("address") or []), *([home["postcode"]] if home.get("postcode") else [])]
    return (lead or {}).get("name"), ", ".join(lines) or None


def statement_links(ref: str, period: Period) -> dict[str, str]:
    query = urlencode(period.query())
    base = f"/accounts/{quote(ref, safe='')}/statement"
    return {"page": f"{base}?{query}", "csv": f"{base}.csv?{query}", "pdf": f"{base}.pdf?{query}"}


@router.get("/accounts/{account_ref}/statement")
async def statement_page(request: Request, account_ref: str, session: SignedIn, page: str = "1") -> Response:
    billing: Billing = request.app.state.billing
    account = await billing.account(account_ref, session.access_token)
    period = read_period(request.query_params, today())
    context: dict[str, Any] = {"account": account, "period": period, "errors": period.errors,
                               "nav_active": "search"}
    if not period.valid:
        return render(request, "screens/statement/statement.html", context, status_code=400)
    statement = await statement_answer(billing, account_ref, period, session.access_token)
    number = int(page) if page.isdigit() else 1
    lines, pages = page_of(statement.lines, number, PAGE_SIZE)
    number = min(max(number, 1), pages)
    links = statement_links(account_ref, period)
    pagination = None
    if pages > 1:
        pagination = {"landmarkLabel": "Statement pages",
                      "items": [{"number": n, "href": f"{links['page']}&page={n}", "current": n == number}
                                for n in range(1, pages + 1)],
                      **({"previous": {"href": f"{links['page']}&page={number - 1}"}} if number > 1 else {}),
                      **({"next": {"href": f"{links['page']}&page={number + 1}"}} if number < pages else {})}
    return render(request, "screens/statement/statement.html", {
        **context, "statement": statement, "lines": lines, "page": number, "pages": pages,
        "first_line": (number - 1) * PAGE_SIZE + 1, "pagination": pagination, "links": links})


async def _download(request: Request, account_ref: str, session: Any) -> tuple[Billing, dict, Statement] | Response:
    billing: Billing = request.app.state.billing
    account = await billing.account(account_ref, session.access_token)
    period = read_period(request.query_params, today())
    if not period.valid:
        return render(request, "screens/statement/statement.html",
                      {"account": account, "period": period, "errors": period.errors}, status_code=400)
    return billing, account, await statement_answer(billing, account_ref, period, session.access_token)


@router.get("/accounts/{account_ref}/statement.csv")
async def statement_csv(request: Request, account_ref: str, session: SignedIn) -> Response:
    found = await _download(request, account_ref, session)
    if isinstance(found, Response):
        return found
    _, _, statement = found
    return Response(as_csv(statement), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename(statement, "csv")}"'})


@router.get("/accounts/{account_ref}/statement.pdf")
async def statement_pdf(request: Request, account_ref: str, session: SignedIn) -> Response:
    found = await _download(request, account_ref, session)
    if isinstance(found, Response):
        return found
    billing, account, statement = found
    tenant, address = await who_and_where(billing, account["account_ref"], session.access_token)
    pdf = await asyncio.to_thread(as_pdf, statement, organisation=request.app.state.settings.organisation_name,
                                  tenant=tenant, address=address, today=today())
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename(statement, "pdf")}"'})
