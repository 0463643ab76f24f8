"""OpenID Connect authorization code flow with PKCE (S256), as the rent-staff client.

Pure parts (the verifier and its challenge, the authorize address, checking the ID token's
nonce) are functions; the token endpoint calls take an httpx client."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import httpx
import jwt

from console.config import ConsoleSettings
from shared.auth.tokens import TokenError, TokenVerifier


class SignInFailed(Exception):
    pass


def new_code_verifier() -> str:
    """43-128 characters of [A-Za-z0-9-._~] (RFC 7636 4.1): 32 random bytes, base64url."""
    return secrets.token_urlsafe(32)


def code_challenge(verifier: str) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(verifier.encode("ascii")).digest()).rstrip(b"=").decode()


def authorize_url(settings: ConsoleSettings, *, redirect_uri: str, state: str, nonce: str, verifier: str) -> str:
    query = urlencode({
        "response_type": "code",
        "client_id": settings.oidc_client_id,
        "redirect_uri": redirect_uri,
        "scope": "openid",
        "state": state,
        "nonce": nonce,
        "code_challenge": code_challenge(verifier),
        "code_challenge_method": "S256",
    })
    separator = "&" if "?" in settings.oidc_authorize_url else "?"
    return f"{settings.oidc_authorize_url}{separator}{query}"


def logout_url(settings: ConsoleSettings, *, post_logout_redirect_uri: str, id_token: str | None) -> str | None:
    if not settings.oidc_logout_url:
        return None
    params = {"client_id": settings.oidc_client_id, "post_logout_redirect_uri": post_logout_redirect_uri}
    if id_token:
        params["id_token_hint"] = id_token
    return f"{settings.oidc_logout_url}?{urlencode(params)}"


@dataclass
class Tokens:
    access_token: str
    access_expires: float
    refresh_token: str | None
    id_token: str | None
    username: str
    roles: list[str]
    patches: list[str]


class OidcClient:
    def __init__(self, settings: ConsoleSettings, http: httpx.AsyncClient) -> None:
        self.settings = settings
        self.http = http
        self.verifier = TokenVerifier(issuer=settings.oidc_issuer, audience=settings.oidc_audience,
                                      jwks_url=settings.oidc_jwks_url)
        self._jwks = jwt.PyJWKClient(settings.oidc_jwks_url, cache_keys=True, lifespan=300, timeout=5)

    async def _token_request(self, form: dict[str, str]) -> dict[str, Any]:
        try:
            answer = await self.http.post(self.settings.oidc_token_url, data=form, timeout=10)
        except httpx.HTTPError as exc:
            raise SignInFailed(f"the identity provider did not answer: {type(exc).__name__}") from None
        if answer.status_code != 200:
            raise SignInFailed(f"the identity provider refused: {answer.text[:200]}")
        return answer.json()

    async def exchange_code(self, *, code: str, redirect_uri: str, verifier: str, nonce: str) -> Tokens:
        body = await self._token_request({
            "grant_type": "authorization_code", "code": code, "redirect_uri": redirect_uri,
            "client_id": self.settings.oidc_client_id, "code_verifier": verifier,
        })
        id_token = body.get("id_token")
        if not id_token:
            raise SignInFailed("no ID token")
        claims = self._id_claims(id_token)
        if not nonce_matches(claims, nonce):
            raise SignInFailed("the ID token's nonce does not match this sign-in")
        return self._tokens(body, id_token)

    async def refresh(self, refresh_token: str) -> Tokens:
        body = await self._token_request({
            "grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": self.settings.oidc_client_id,
        })
        return self._tokens(body, body.get("id_token"))

    def _id_claims(self, id_token: str) -> dict[str, Any]:
        try:
            key = self._jwks.get_signing_key_from_jwt(id_token).key
            return jwt.decode(id_token, key, algorithms=["RS256", "ES256"], audience=self.settings.oidc_client_id,
                              issuer=self.settings.oidc_issuer, leeway=30)
        except jwt.PyJWTError as exc:
            raise SignInFailed(f"invalid ID token: {exc}") from None

    def _tokens(self, body: dict[str, Any], id_token: str | None) -> Tokens:
        access = body.get("access_token")
        if not access:
            raise SignInFailed("no access token")
        try:
            principal = self.verifier.verify(access)
        except TokenError as exc:
            raise SignInFailed(f"invalid access token: {exc}") from None
        return Tokens(
            access_token=access, access_expires=time.time() + float(body.get("expires_in", 300)),
            refresh_token=body.get("refresh_token"), id_token=id_token, username=principal.username,
            roles=sorted(principal.roles), patches=sorted(principal.patches))


def nonce_matches(claims: dict[str, Any], nonce: str) -> bool:
    return bool(nonce) and secrets.compare_digest(str(claims.get("nonce", "")), nonce)
