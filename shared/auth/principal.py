"""Who is calling, and the platform's roles (SPEC §3)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class Role(StrEnum):
    RENT_OFFICER = "rent_officer"
    INCOME_OFFICER = "income_officer"
    LEASEHOLD_OFFICER = "leasehold_officer"
    SENIOR_OFFICER = "senior_officer"
    FINANCE_APPROVER = "finance_approver"
    AUDITOR = "auditor"
    ADMIN = "admin"
    SYSTEM = "system"


STAFF_ROLES = frozenset(Role) - {Role.SYSTEM}


@dataclass(frozen=True)
class Principal:
    subject: str
    username: str
    roles: frozenset[str] = field(default_factory=frozenset)
    patches: frozenset[str] = field(default_factory=frozenset)

    def has_any(self, roles: frozenset[str] | set[str]) -> bool:
        return bool(self.roles & set(roles)) or Role.ADMIN in self.roles

    @property
    def actor(self) -> str:
        """What audit records store as 'who'."""
        return self.username or self.subject
