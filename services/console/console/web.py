"""What every screen uses: rendering with the layout's context, the signed-in session as a
dependency (idle time-out, token refresh), the CSRF check, and the errors that become pages."""

from __future__ import annotations

import time
from typing import Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from console.config import ConsoleSettings
from console.oidc import OidcClient, SignInFailed
from console.session import Session, csrf_ok


class SignInRequired(Exception):
    def __init__(self, return_to: str) -> None:
        super().__init__(return_to)
        self.return_to = return_to


class CsrfRejected(Exception):
    pass


def templates(request: Request) -> Jinja2Templates:
    return request.app.state.templates


def settings_of(request: Request) -> ConsoleSettings:
    return request.app.state.settings


def render(request: Request, template: str, context: dict[str, Any] | None = None, *,
           status_code: int = 200) -> HTMLResponse:
    session: Session | None = getattr(request.state, "session", None)
    if getattr(request.state, "clear_session", False):
        session = None
    base = {"request": request, "user": session, "csrf_token": session.csrf_token if session else None,
            "service_name": "Rent accounts"}
    return templates(request).TemplateResponse(request, template, {**base, **(context or {})},
                                               status_code=status_code)


def _asked_for(request: Request) -> str:
    if request.method != "GET":
        return "/"
    query = request.url.query
    return request.url.path + (f"?{query}" if query else "")


async def signed_in(request: Request) -> Session:
    """The session of a signed-in user, its access token fresh; else sign in again and come
    back to the page asked for. Every use counts as activity (the idle time-out restarts)."""
    settings = settings_of(request)
    session: Session | None = request.state.session
    now = time.time()
    if session is None:
        raise SignInRequired(_asked_for(request))
    if session.idle_expired(now, settings.idle_timeout_minutes * 60):
        request.state.clear_session = True
        raise SignInRequired(_asked_for(request))
    if session.needs_refresh(now, settings.refresh_margin_seconds):
        oidc: OidcClient = request.app.state.oidc
        if not session.refresh_token:
            request.state.clear_session = True
            raise SignInRequired(_asked_for(request))
        try:
            tokens = await oidc.refresh(session.refresh_token)
        except SignInFailed:
            request.state.clear_session = True
            raise SignInRequired(_asked_for(request)) from None
        session.access_token = tokens.access_token
        session.access_expires = tokens.access_expires
        session.refresh_token = tokens.refresh_token or session.refresh_token
        session.id_token = tokens.id_token or session.id_token
        session.roles, session.patches = tokens.roles, tokens.patches
    session.last_seen = now
    request.state.session_changed = True
    return session


SignedIn = Annotated[Session, Depends(signed_in)]


async def checked_form(request: Request) -> dict[str, str]:
    """A POSTed form whose CSRF token matches the session's (every form carries one)."""
    form = await request.form()
    values = {key: value for key, value in form.items() if isinstance(value, str)}
    if not csrf_ok(request.state.session, values.get("csrf_token")):
        raise CsrfRejected()
    return values


CheckedForm = Annotated[dict[str, str], Depends(checked_form)]
