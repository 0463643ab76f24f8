"""A local OpenID-style token issuer for development and tests (never production).

It keeps one RSA key (in a file so tokens survive restarts), publishes its JWKS like
Keycloak does, and mints tokens for a user name and roles. Run it with
``python -m shared.auth.dev_issuer`` or use ``DevIssuer`` in-process.

For the staff console it also speaks the OpenID Connect authorization code flow with PKCE
(S256) at Keycloak's paths: an authorize page where one *chooses* a user name, roles and
patches (no password: it runs only on a developer's machine and in tests), the token
endpoint (``authorization_code`` with the verifier checked, and ``refresh_token``) and a
logout endpoint. Codes live in memory for a minute and are used once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import html
import json
import os
import secrets
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from pydantic import BaseModel, Field

DEFAULT_ISSUER = "http://127.0.0.1:8090/realms/rent"
DEFAULT_AUDIENCE = "rent-platform"
CODE_TTL_SECONDS = 60
REFRESH_TTL_SECONDS = 8 * 3600
# The roles and patches the authorize page offers (any patch may be typed in).
OFFERED_ROLES = ("rent_officer", "income_officer", "leasehold_officer", "senior_officer", "finance_approver",
                 "auditor", "admin")
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


class DevIssuer:
    def __init__(
        self,
        *,
        issuer: str = DEFAULT_ISSUER,
        audience: str = DEFAULT_AUDIENCE,
        key_file: Path | None = None,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self._key = self._load_or_create(key_file)
        self.kid = "dev-" + uuid.uuid5(uuid.NAMESPACE_URL, self.public_pem()).hex[:12]

    @staticmethod
    def _load_or_create(key_file: Path | None) -> rsa.RSAPrivateKey:
        if key_file and key_file.exists():
            key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
            assert isinstance(key, rsa.RSAPrivateKey)
            return key
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if key_file:
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            os.chmod(key_file, 0o600)
        return key

    def public_pem(self) -> str:
        return self._key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self._key.public_key()))
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [jwk]}

    def mint(
        self,
        username: str,
        roles: list[str] | tuple[str, ...],
        *,
        ttl_seconds: int = 3600,
        patches: list[str] | None = None,
        audience: str | None = None,
        issuer: str | None = None,
        now: float | None = None,
    ) -> str:
        issued = int(now if now is not None else time.time())
        claims = {
            "iss": issuer or self.issuer,
            "aud": audience or self.audience,
            "sub": str(uuid.uuid5(uuid.NAMESPACE_DNS, username)),
            "preferred_username": username,
            "iat": issued,
            "exp": issued + ttl_seconds,
            "jti": uuid.uuid4().hex,
            "realm_access": {"roles": list(roles)},
        }
        if patches:
            claims["patches"] = patches
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self.kid})

    def sign(self, claims: dict[str, Any]) -> str:
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self.kid})

    def id_token(self, username: str, *, client_id: str, nonce: str | None, ttl_seconds: int) -> str:
        issued = int(time.time())
        claims: dict[str, Any] = {
            "iss": self.issuer, "aud": client_id, "sub": str(uuid.uuid5(uuid.NAMESPACE_DNS, username)),
            "preferred_username": username, "iat": issued, "exp": issued + ttl_seconds, "azp": client_id,
        }
        if nonce:
            claims["nonce"] = nonce
        return self.sign(claims)

    def refresh_token(self, username: str, roles: list[str], patches: list[str], client_id: str) -> str:
        issued = int(time.time())
        return self.sign({"iss": self.issuer, "aud": self.issuer, "typ": "Refresh", "azp": client_id,
                          "sub": str(uuid.uuid5(uuid.NAMESPACE_DNS, username)), "preferred_username": username,
                          "iat": issued, "exp": issued + REFRESH_TTL_SECONDS, "jti": uuid.uuid4().hex,
                          "roles": roles, "patches": patches})

    def read_refresh_token(self, token: str) -> dict[str, Any]:
        claims = jwt.decode(token, self._key.public_key(), algorithms=["RS256"], audience=self.issuer,
                            issuer=self.issuer)
        if claims.get("typ") != "Refresh":
            raise jwt.InvalidTokenError("not a refresh token")
        return claims


@dataclass
class _Grant:
    username: str
    roles: list[str]
    patches: list[str]
    client_id: str
    redirect_uri: str
    code_challenge: str
    nonce: str | None
    expires: float


def s256(verifier: str) -> str:
    """PKCE's S256 code challenge of a verifier (RFC 7636 4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def loopback_redirect(uri: str) -> bool:
    """The development issuer only sends codes back to this machine (as rent-staff's
    redirect URIs allow http only for localhost and 127.0.0.1)."""
    parts = urlsplit(uri)
    return parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS


class TokenRequest(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    roles: list[str]
    ttl_seconds: int = Field(default=3600, ge=1, le=86400)
    patches: list[str] | None = None


def create_app(issuer: DevIssuer, *, access_ttl_seconds: int = 300):
    from fastapi import FastAPI, Form, HTTPException
    from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

    app = FastAPI(title="Development token issuer (not for production)")
    base = issuer.issuer
    grants: dict[str, _Grant] = {}

    @app.get("/realms/rent/.well-known/openid-configuration")
    def discovery() -> dict[str, Any]:
        oidc = f"{base}/protocol/openid-connect"
        return {
            "issuer": base,
            "jwks_uri": f"{oidc}/certs",
            "authorization_endpoint": f"{oidc}/auth",
            "token_endpoint": f"{oidc}/token",
            "end_session_endpoint": f"{oidc}/logout",
            "dev_token_endpoint": f"{base}/dev/token",
            "grant_types_supported": ["authorization_code", "refresh_token"],
            "response_types_supported": ["code"],
            "code_challenge_methods_supported": ["S256"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def _bad_authorize(message: str) -> HTMLResponse:
        return HTMLResponse(_page("Sign-in request refused", f'<p class="govuk-body">{html.escape(message)}</p>'),
                            status_code=400)

    def _check_request(client_id: str, redirect_uri: str, response_type: str, code_challenge: str,
                       code_challenge_method: str) -> str | None:
        if response_type != "code":
            return "Only the authorization code flow is supported (response_type=code)."
        if not client_id:
            return "client_id is missing."
        if not loopback_redirect(redirect_uri):
            return "The redirect URI must be an http address on this machine."
        if code_challenge_method != "S256" or not (43 <= len(code_challenge) <= 128):
            return "A PKCE code challenge with method S256 is required."
        return None

    @app.get("/realms/rent/protocol/openid-connect/auth", response_class=HTMLResponse)
    def authorize_page(
        client_id: str = "", redirect_uri: str = "", response_type: str = "", state: str = "", nonce: str = "",
        code_challenge: str = "", code_challenge_method: str = "", scope: str = "openid",
    ) -> HTMLResponse:
        problem = _check_request(client_id, redirect_uri, response_type, code_challenge, code_challenge_method)
        if problem:
            return _bad_authorize(problem)
        hidden = {"client_id": client_id, "redirect_uri": redirect_uri, "response_type": response_type,
                  "state": state, "nonce": nonce, "code_challenge": code_challenge,
                  "code_challenge_method": code_challenge_method, "scope": scope}
        return HTMLResponse(_authorize_form(hidden))

    @app.post("/realms/rent/protocol/openid-connect/auth")
    def authorize(
        client_id: str = Form(""), redirect_uri: str = Form(""), response_type: str = Form(""),
        state: str = Form(""), nonce: str = Form(""), code_challenge: str = Form(""),
        code_challenge_method: str = Form(""), scope: str = Form("openid"), username: str = Form(""),
        roles: list[str] = Form(default_factory=list), patches: str = Form(""),
    ) -> Any:
        problem = _check_request(client_id, redirect_uri, response_type, code_challenge, code_challenge_method)
        if problem:
            return _bad_authorize(problem)
        username = username.strip()
        if not username or len(username) > 100:
            hidden = {"client_id": client_id, "redirect_uri": redirect_uri, "response_type": response_type,
                      "state": state, "nonce": nonce, "code_challenge": code_challenge,
                      "code_challenge_method": code_challenge_method, "scope": scope}
            return HTMLResponse(_authorize_form(hidden, error="Enter a user name", roles=roles, patches=patches),
                                status_code=400)
        now = time.time()
        for key in [key for key, grant in grants.items() if grant.expires < now]:
            del grants[key]
        code = secrets.token_urlsafe(32)
        grants[code] = _Grant(
            username=username, roles=[r for r in roles if r in OFFERED_ROLES],
            patches=[p.strip().upper() for p in patches.replace(",", " ").split() if p.strip()][:20],
            client_id=client_id, redirect_uri=redirect_uri, code_challenge=code_challenge, nonce=nonce or None,
            expires=now + CODE_TTL_SECONDS)
        query = urlencode({"code": code, "state": state} if state else {"code": code})
        separator = "&" if "?" in redirect_uri else "?"
        return RedirectResponse(f"{redirect_uri}{separator}{query}", status_code=303)

    def _token_error(error: str, description: str) -> JSONResponse:
        return JSONResponse({"error": error, "error_description": description}, status_code=400)

    def _tokens(username: str, roles: list[str], patches: list[str], client_id: str, nonce: str | None):
        return {
            "access_token": issuer.mint(username, roles, ttl_seconds=access_ttl_seconds, patches=patches or None),
            "token_type": "Bearer",
            "expires_in": access_ttl_seconds,
            "refresh_token": issuer.refresh_token(username, roles, patches, client_id),
            "refresh_expires_in": REFRESH_TTL_SECONDS,
            "id_token": issuer.id_token(username, client_id=client_id, nonce=nonce, ttl_seconds=access_ttl_seconds),
            "scope": "openid",
        }

    @app.post("/realms/rent/protocol/openid-connect/token")
    def oidc_token(
        grant_type: str = Form(""), code: str = Form(""), redirect_uri: str = Form(""), client_id: str = Form(""),
        code_verifier: str = Form(""), refresh_token: str = Form(""),
    ) -> Any:
        if grant_type == "authorization_code":
            grant = grants.pop(code, None)  # a code is used once, right or wrong
            if grant is None or grant.expires < time.time():
                return _token_error("invalid_grant", "unknown, used or expired code")
            if grant.client_id != client_id or grant.redirect_uri != redirect_uri:
                return _token_error("invalid_grant", "client_id or redirect_uri differ from the authorization")
            if not code_verifier or not hmac.compare_digest(s256(code_verifier), grant.code_challenge):
                return _token_error("invalid_grant", "PKCE verification failed")
            return _tokens(grant.username, grant.roles, grant.patches, grant.client_id, grant.nonce)
        if grant_type == "refresh_token":
            try:
                claims = issuer.read_refresh_token(refresh_token)
            except jwt.PyJWTError:
                return _token_error("invalid_grant", "invalid or expired refresh token")
            if claims.get("azp") != client_id:
                return _token_error("invalid_grant", "refresh token of another client")
            return _tokens(claims["preferred_username"], list(claims.get("roles", [])),
                           list(claims.get("patches", [])), client_id, None)
        return _token_error("unsupported_grant_type", "authorization_code or refresh_token")

    @app.get("/realms/rent/protocol/openid-connect/logout")
    def logout(post_logout_redirect_uri: str = "") -> Any:
        if post_logout_redirect_uri:
            if not loopback_redirect(post_logout_redirect_uri):
                raise HTTPException(400, "post_logout_redirect_uri must be an http address on this machine")
            return RedirectResponse(post_logout_redirect_uri, status_code=303)
        return HTMLResponse(_page("Signed out", '<p class="govuk-body">You are signed out of the development '
                                                'issuer.</p>'))

    @app.get("/realms/rent/protocol/openid-connect/certs")
    def certs() -> dict[str, Any]:
        return issuer.jwks()

    @app.post("/realms/rent/dev/token")
    def token(req: TokenRequest) -> dict[str, Any]:
        return {
            "access_token": issuer.mint(req.username, req.roles, ttl_seconds=req.ttl_seconds, patches=req.patches),
            "token_type": "Bearer",
            "expires_in": req.ttl_seconds,
        }

    return app


_PAGE = """<!DOCTYPE html>
<html lang="en" class="govuk-template">
<head>
<meta charset="utf-8">
<title>{title} - Development sign-in</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="stylesheet" href="/assets/govuk-frontend.min.css">
</head>
<body class="govuk-template__body">
<a href="#main-content" class="govuk-skip-link">Skip to main content</a>
<header class="govuk-template__header">
<section aria-label="Service information" class="govuk-service-navigation">
<div class="govuk-width-container"><div class="govuk-service-navigation__container">
<span class="govuk-service-navigation__service-name">
<span class="govuk-service-navigation__text">Development sign-in (not for production)</span></span>
</div></div>
</section>
</header>
<div class="govuk-width-container">
<main class="govuk-main-wrapper" id="main-content">
<h1 class="govuk-heading-l">{title}</h1>
{body}
</main>
</div>
</body>
</html>
"""


def _page(title: str, body: str) -> str:
    return _PAGE.format(title=html.escape(title), body=body)


def _authorize_form(hidden: dict[str, str], *, error: str | None = None, roles: list[str] | None = None,
                    patches: str = "HA01") -> str:
    """The development issuer's authorize page: choose who to be (GOV.UK styles when the
    console's assets are on the same origin, as they are through the gateway)."""
    chosen = set(roles if roles is not None else ["rent_officer"])
    fields = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                     for k, v in hidden.items())
    boxes = "".join(
        f'<div class="govuk-checkboxes__item"><input class="govuk-checkboxes__input" id="role-{role}" '
        f'name="roles" type="checkbox" value="{role}"{" checked" if role in chosen else ""} data-qa="role-{role}">'
        f'<label class="govuk-label govuk-checkboxes__label" for="role-{role}">{role}</label></div>'
        for role in OFFERED_ROLES)
    summary = user_error = ""
    group = "govuk-form-group"
    described = ""
    if error:
        summary = ('<div class="govuk-error-summary" data-module="govuk-error-summary"><div role="alert">'
                   '<h2 class="govuk-error-summary__title">There is a problem</h2>'
                   '<div class="govuk-error-summary__body"><ul class="govuk-list govuk-error-summary__list">'
                   f'<li><a href="#username">{html.escape(error)}</a></li></ul></div></div></div>')
        user_error = (f'<p id="username-error" class="govuk-error-message"><span class="govuk-visually-hidden">'
                      f'Error:</span> {html.escape(error)}</p>')
        group += " govuk-form-group--error"
        described = ' aria-describedby="username-error"'
    body = f"""{summary}
<div class="govuk-warning-text"><span class="govuk-warning-text__icon" aria-hidden="true">!</span>
<strong class="govuk-warning-text__text"><span class="govuk-visually-hidden">Warning</span>
This issuer runs only on a development machine: choose who to sign in as.</strong></div>
<form method="post" action="auth" novalidate data-qa="dev-authorize-form">
{fields}
<div class="{group}">
<label class="govuk-label govuk-label--m" for="username">User name</label>
{user_error}<input class="govuk-input govuk-!-width-one-half" id="username" name="username" type="text"
 value="jo.officer" autocomplete="username" spellcheck="false"{described} data-qa="username">
</div>
<div class="govuk-form-group"><fieldset class="govuk-fieldset">
<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">Roles</legend>
<div class="govuk-checkboxes govuk-checkboxes--small" data-module="govuk-checkboxes">{boxes}</div>
</fieldset></div>
<div class="govuk-form-group">
<label class="govuk-label govuk-label--m" for="patches">Patches</label>
<div id="patches-hint" class="govuk-hint">Separated by spaces or commas, for example HA01 HA02.
Leave empty for every patch.</div>
<input class="govuk-input govuk-!-width-one-half" id="patches" name="patches" type="text"
 value="{html.escape(patches)}" aria-describedby="patches-hint" spellcheck="false" data-qa="patches">
</div>
<button type="submit" class="govuk-button" data-module="govuk-button" data-qa="dev-sign-in">Sign in</button>
</form>"""
    return _page("Choose who to sign in as", body)


def main() -> None:
    import uvicorn

    key_file = Path(os.environ.get("DEV_ISSUER_KEY_FILE", ".stack/dev-issuer-key.pem"))
    port = int(os.environ.get("DEV_ISSUER_PORT", "8090"))
    access_ttl = int(os.environ.get("DEV_ISSUER_ACCESS_TTL_SECONDS", "300"))
    uvicorn.run(create_app(DevIssuer(key_file=key_file), access_ttl_seconds=access_ttl), host="127.0.0.1",
                port=port, log_level="warning")


if __name__ == "__main__":
    main()
