"""Object-level authorisation by patch (OWASP API1): an officer whose token names
patches sees and works only accounts in those patches; seniors and auditors see all."""

from __future__ import annotations

from shared.auth.principal import Principal, Role
from shared.web.problems import ProblemError

SEES_ALL_PATCHES = frozenset({Role.SENIOR_OFFICER, Role.AUDITOR})


def check_patch(principal: Principal, patch: str | None) -> None:
    if not principal.patches or principal.has_any(SEES_ALL_PATCHES):
        return
    if patch not in principal.patches:
        raise ProblemError(403, "Forbidden", f"patch {patch} is not one of yours", type_="urn:rent:problem:forbidden")
