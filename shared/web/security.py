"""FastAPI dependencies for bearer tokens and roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from shared.auth.principal import Principal
from shared.auth.tokens import TokenError, TokenVerifier
from shared.web.problems import ProblemError

_bearer = HTTPBearer(auto_error=False, description="OIDC access token")


def _verifier(request: Request) -> TokenVerifier:
    return request.app.state.token_verifier


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ProblemError(401, "Authentication required", "Send an OIDC bearer token.",
                           type_="urn:rent:problem:unauthenticated")
    try:
        principal = _verifier(request).verify(credentials.credentials)
    except TokenError as exc:
        raise ProblemError(401, "Invalid token", str(exc), type_="urn:rent:problem:unauthenticated") from None
    request.state.principal = principal
    return principal


CurrentUser = Annotated[Principal, Depends(current_principal)]


def require_roles(*roles: str) -> Callable[..., Principal]:
    """Dependency: the caller must hold one of ``roles`` (admin always passes)."""
    allowed = frozenset(roles)

    async def check(principal: CurrentUser) -> Principal:
        if not principal.has_any(allowed):
            raise ProblemError(403, "Forbidden", f"Requires one of the roles: {', '.join(sorted(allowed))}.",
                               type_="urn:rent:problem:forbidden")
        return principal

    check.required_roles = allowed  # type: ignore[attr-defined]
    return check
