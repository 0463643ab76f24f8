"""Verifying OIDC/JWT bearer tokens: signature via JWKS, issuer, audience, expiry."""

from __future__ import annotations

import json
import time
from collections import OrderedDict
from pathlib import Path
from typing import Any

import jwt
from jwt import PyJWKClient, PyJWKSet

from shared.auth.principal import Principal

ALGORITHMS = ["RS256", "ES256"]
VERIFIED_CACHE_SIZE = 2048  # distinct tokens remembered once verified


class TokenError(Exception):
    pass


class TokenVerifier:
    def __init__(
        self,
        *,
        issuer: str,
        audience: str,
        jwks_url: str | None = None,
        jwks: dict[str, Any] | None = None,
        jwks_file: str | None = None,
        leeway_seconds: int = 30,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self._leeway = leeway_seconds
        self._static: PyJWKSet | None = None
        self._client: PyJWKClient | None = None
        # token -> (expiry, principal): a client sends the same token on every request, and
        # checking its signature again each time was most of a cheap request's CPU.
        self._verified: OrderedDict[str, tuple[float, Principal]] = OrderedDict()
        if jwks_file:
            jwks = json.loads(Path(jwks_file).read_text())
        if jwks is not None:
            self._static = PyJWKSet.from_dict(jwks)
        elif jwks_url:
            self._client = PyJWKClient(jwks_url, cache_keys=True, lifespan=300, timeout=5)
        else:
            raise ValueError("a JWKS URL, file or document is required")

    def _key_for(self, token: str) -> Any:
        try:
            kid = jwt.get_unverified_header(token).get("kid")
        except jwt.PyJWTError as exc:
            raise TokenError(f"malformed token: {exc}") from None
        if self._static is not None:
            for key in self._static.keys:
                if kid is None or key.key_id == kid:
                    return key.key
            raise TokenError("token signed with an unknown key")
        assert self._client is not None
        try:
            return self._client.get_signing_key_from_jwt(token).key
        except jwt.PyJWTError as exc:
            raise TokenError(f"cannot find signing key: {exc}") from None

    def verify(self, token: str) -> Principal:
        cached = self._verified.get(token)
        if cached is not None:
            expires, principal = cached
            if time.time() < expires + self._leeway:
                self._verified.move_to_end(token)
                return principal
            del self._verified[token]
            raise TokenError("token has expired")
        principal, expires = self._verify_signed(token)
        self._verified[token] = (expires, principal)
        if len(self._verified) > VERIFIED_CACHE_SIZE:
            self._verified.popitem(last=False)
        return principal

    def _verify_signed(self, token: str) -> tuple[Principal, float]:
        key = self._key_for(token)
        try:
            claims = jwt.decode(
                token,
                key,
                algorithms=ALGORITHMS,
                audience=self.audience,
                issuer=self.issuer,
                leeway=self._leeway,
                options={"require": ["exp", "iat", "iss", "sub"]},
            )
        except jwt.ExpiredSignatureError:
            raise TokenError("token has expired") from None
        except jwt.PyJWTError as exc:
            raise TokenError(f"invalid token: {exc}") from None
        return principal_from_claims(claims, self.audience), float(claims["exp"])


def principal_from_claims(claims: dict[str, Any], client_id: str) -> Principal:
    roles: set[str] = set(claims.get("roles", []))
    roles |= set(claims.get("realm_access", {}).get("roles", []))
    roles |= set(claims.get("resource_access", {}).get(client_id, {}).get("roles", []))
    return Principal(
        subject=str(claims["sub"]),
        username=str(claims.get("preferred_username") or claims.get("azp") or claims["sub"]),
        roles=frozenset(roles),
        patches=frozenset(claims.get("patches", [])),
    )
