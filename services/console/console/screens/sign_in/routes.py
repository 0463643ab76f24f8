"""Sign-in and sign-out: OpenID Connect authorization code with PKCE (S256).

/sign-in remembers state, nonce and the PKCE verifier in a short-lived sealed cookie and sends
the browser to the issuer; /auth/callback checks the state, exchanges the code with the
verifier, checks the ID token's nonce and starts the session; /sign-out (a POST with the CSRF
token) ends it and, when configured, the issuer's session too."""

from __future__ import annotations

import time
from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response

from console.oidc import OidcClient, SignInFailed, authorize_url, logout_url, new_code_verifier
from console.session import (
    SIGN_IN_COOKIE,
    SIGN_IN_TTL_SECONDS,
    Session,
    SignInAttempt,
    cookie_secure,
    new_token,
    safe_return_to,
)
from console.web import checked_form, render, settings_of

router = APIRouter()


def base_url(request: Request) -> str:
    configured = settings_of(request).public_url
    if configured:
        return configured.rstrip("/")
    return f"{request.url.scheme}://{request.headers.get('host', request.url.netloc)}"


@router.get("/sign-in")
async def sign_in(request: Request, return_to: str = "/") -> Response:
    settings = settings_of(request)
    attempt = SignInAttempt(state=new_token(), nonce=new_token(), code_verifier=new_code_verifier(),
                            return_to=safe_return_to(return_to))
    target = authorize_url(settings, redirect_uri=f"{base_url(request)}/auth/callback", state=attempt.state,
                           nonce=attempt.nonce, verifier=attempt.code_verifier)
    response = RedirectResponse(target, status_code=303)
    response.set_cookie(SIGN_IN_COOKIE, request.app.state.sealer.seal(asdict(attempt)), max_age=SIGN_IN_TTL_SECONDS,
                        path="/auth/callback", httponly=True, samesite="lax",
                        secure=cookie_secure(request.url.scheme, request.headers.get("host")))
    return response


@router.get("/auth/callback")
async def callback(request: Request, code: str = "", state: str = "", error: str = "") -> Response:
    sealed = request.app.state.sealer.unseal(request.cookies.get(SIGN_IN_COOKIE), max_age_seconds=SIGN_IN_TTL_SECONDS)
    attempt = SignInAttempt(**sealed) if sealed else None
    if error or not code or attempt is None or not state or state != attempt.state:
        return _failed(request, "The sign-in did not complete or took too long. Try signing in again.")
    oidc: OidcClient = request.app.state.oidc
    try:
        tokens = await oidc.exchange_code(code=code, redirect_uri=f"{base_url(request)}/auth/callback",
                                          verifier=attempt.code_verifier, nonce=attempt.nonce)
    except SignInFailed:
        return _failed(request, "The identity provider did not accept the sign-in. Try signing in again.")
    request.state.session = Session(
        username=tokens.username, roles=tokens.roles, patches=tokens.patches, access_token=tokens.access_token,
        access_expires=tokens.access_expires, refresh_token=tokens.refresh_token, csrf_token=new_token(),
        last_seen=time.time(), id_token=tokens.id_token)
    request.state.session_changed = True
    response = RedirectResponse(safe_return_to(attempt.return_to), status_code=303)
    response.delete_cookie(SIGN_IN_COOKIE, path="/auth/callback")
    return response


def _failed(request: Request, message: str) -> Response:
    response = render(request, "screens/sign_in/failed.html", {"message": message}, status_code=400)
    response.delete_cookie(SIGN_IN_COOKIE, path="/auth/callback")
    return response


@router.post("/sign-out")
async def sign_out(request: Request) -> Response:
    session: Session | None = request.state.session
    if session is None:  # already signed out (or timed out): nothing to end
        return RedirectResponse("/signed-out", status_code=303)
    await checked_form(request)
    request.state.clear_session = True
    target = logout_url(settings_of(request), post_logout_redirect_uri=f"{base_url(request)}/signed-out",
                        id_token=session.id_token)
    return RedirectResponse(target or "/signed-out", status_code=303)


@router.get("/signed-out")
async def signed_out(request: Request) -> Response:
    return render(request, "screens/sign_in/signed_out.html")
