"""Search: one box for an account, tenancy, legacy or payment reference, a name, an address
line or a postcode — partial, any case, typos tolerated — answered by billing's search API
within the user's patches (billing decides what the user may see). A valid account reference
goes straight to its account page, and so does a search whose best match is one reference
matched exactly; otherwise a page of results (reference, lead tenant, address, balance,
status), with previous and next pages."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from console.backends import Billing, Invalid
from console.web import SignedIn, render
from shared.refs import is_valid_account_ref, normalise_ref

router = APIRouter()

MIN_QUERY, MAX_QUERY = 2, 100
PAGE_SIZE = 20
MAX_OFFSET = 1000  # billing's deepest offset
MAX_PAGE = MAX_OFFSET // PAGE_SIZE + 1
EXACT_REFERENCES = {"account_ref", "tenancy_ref", "legacy_ref"}


def search_problem(query: str) -> str | None:
    """The message for the search box, or None when billing can be asked."""
    text = re.sub(r"\s+", " ", query).strip()
    if not text:
        return "Enter an account reference, a name, an address or a postcode"
    if len(text) < MIN_QUERY:
        return f"Search must be {MIN_QUERY} characters or more"
    if len(text) > MAX_QUERY:
        return f"Search must be {MAX_QUERY} characters or fewer"
    return None


def page_number(value: str | None) -> int:
    """The page asked for, 1 to MAX_PAGE (anything else is the first)."""
    try:
        number = int(value or 1)
    except ValueError:
        return 1
    return min(max(number, 1), MAX_PAGE)


def exact_reference(items: list[dict[str, Any]]) -> str | None:
    """The account to go straight to: the best match is a reference matched exactly and no
    other result is (a tenancy with a rent and a garage account lists both)."""
    exact = [item for item in items if item.get("matched_on") in EXACT_REFERENCES and item.get("score") == 1]
    return exact[0]["account_ref"] if len(exact) == 1 and items and items[0] is exact[0] else None


def _page_href(query: str, page: int) -> str:
    return "/search?" + urlencode({"q": query, **({"page": page} if page > 1 else {})})


def _form(request: Request, query: str, problem: str) -> Response:
    return render(request, "screens/home/home.html",
                  {"nav_active": "search", "query": query, "errors": {"q": problem}}, status_code=400)


@router.get("/search")
async def search(request: Request, session: SignedIn, q: str = "", page: str | None = None) -> Response:
    problem = search_problem(q)
    if problem:
        return _form(request, q, problem)
    query = re.sub(r"\s+", " ", q).strip()
    if is_valid_account_ref(query):
        return RedirectResponse(f"/accounts/{quote(normalise_ref(query), safe='')}", status_code=303)
    number = page_number(page)
    billing: Billing = request.app.state.billing
    try:
        found = await billing.get("/search", session.access_token,
                                  {"q": query, "limit": PAGE_SIZE, "offset": (number - 1) * PAGE_SIZE})
    except Invalid as exc:
        return _form(request, q, next(iter(exc.fields.values()), "") or "Enter a different search")
    items = found.get("items", [])
    if number == 1 and (ref := exact_reference(items)):
        return RedirectResponse(f"/accounts/{quote(ref, safe='')}", status_code=303)
    more = bool(found.get("more")) and number < MAX_PAGE
    pagination = {
        "landmarkLabel": "Search results pages",
        **({"previous": {"href": _page_href(query, number - 1)}} if number > 1 else {}),
        **({"next": {"href": _page_href(query, number + 1)}} if more else {}),
    }
    return render(request, "screens/search/results.html", {
        "nav_active": "search", "query": query, "items": items, "page": number,
        "first": (number - 1) * PAGE_SIZE + 1, "last": (number - 1) * PAGE_SIZE + len(items),
        "pagination": pagination if len(pagination) > 1 else None, "errors": {}})
