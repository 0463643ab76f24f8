"""Object-level authorisation by patch (OWASP API1): an officer whose token names patches
works only accounts in those patches; senior officers, finance approvers and auditors
(and tokens naming no patch) see every patch."""

from __future__ import annotations

from shared.auth.principal import Principal, Role
from shared.web.problems import ProblemError

SEE_ALL_PATCHES = frozenset({Role.SENIOR_OFFICER, Role.FINANCE_APPROVER, Role.AUDITOR, Role.SYSTEM})


def limited_patches(principal: Principal) -> frozenset[str] | None:
    """The patches this caller is limited to, or None if they may see all."""
    if not principal.patches or principal.has_any(SEE_ALL_PATCHES):
        return None
    return principal.patches


def require_patch(principal: Principal, patch: str | None, what: str) -> None:
    allowed = limited_patches(principal)
    if allowed is not None and patch not in allowed:
        raise ProblemError(403, "Forbidden", f"{what} is not in one of your patches",
                           type_="urn:rent:problem:forbidden")
