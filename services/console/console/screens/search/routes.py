"""Search. For now an exact account reference (billing's search API comes with issue 17's
search slice): a valid reference goes to its account page, anything else is answered on the
form with the GOV.UK error summary."""

from __future__ import annotations

from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from console.web import SignedIn, render
from shared.refs import is_valid_account_ref, normalise_ref

router = APIRouter()

MAX_QUERY = 100


def search_problem(query: str) -> str | None:
    """The message for the search box, or None when the query can be looked up."""
    if not query.strip():
        return "Enter an account reference"
    if len(query) > MAX_QUERY:
        return f"Account reference must be {MAX_QUERY} characters or fewer"
    if not is_valid_account_ref(query):
        return "Enter an account reference in the correct format, like 10000016"
    return None


@router.get("/search")
async def search(request: Request, session: SignedIn, q: str = "") -> Response:
    problem = search_problem(q)
    if problem:
        return render(request, "screens/home/home.html", {"nav_active": "search", "query": q, "errors": {"q": problem}},
                      status_code=400)
    return RedirectResponse(f"/accounts/{quote(normalise_ref(q), safe='')}", status_code=303)
