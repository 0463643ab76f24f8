"""Home: who is signed in, and the search box."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from console.web import SignedIn, render

router = APIRouter()


@router.get("/", response_class=HTMLResponse)
async def home(request: Request, session: SignedIn) -> HTMLResponse:
    return render(request, "screens/home/home.html", {"nav_active": "search", "query": "", "errors": {}})
