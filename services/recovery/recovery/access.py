"""Who may do what in recovery, and object-level checks on patches."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from recovery.positions.queries import get_position
from shared.auth.principal import Principal, Role
from shared.web.patch_access import require_patch

READERS = (Role.INCOME_OFFICER, Role.RENT_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER,
           Role.FINANCE_APPROVER, Role.AUDITOR)
OFFICERS = (Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER)
SENIOR = (Role.SENIOR_OFFICER,)
RUNNERS = (Role.SENIOR_OFFICER, Role.INCOME_OFFICER, Role.SYSTEM)
APPROVERS = (Role.SENIOR_OFFICER, Role.FINANCE_APPROVER)
# An account's audit trail: auditors, senior officers and admins anywhere; officers in their patches.
AUDIT_READERS = (Role.AUDITOR, Role.SENIOR_OFFICER, Role.ADMIN, Role.INCOME_OFFICER, Role.RENT_OFFICER,
                 Role.LEASEHOLD_OFFICER)


def check_patch(principal: Principal, patch: str | None) -> None:
    """An officer limited to some patches sees and works only those (the one platform rule)."""
    require_patch(principal, patch, f"patch {patch}")


async def authorise_account(session: AsyncSession, principal: Principal, account_ref: str) -> None:
    """Object-level check: the account exists and lies in one of the caller's patches."""
    check_patch(principal, (await get_position(session, account_ref))["patch"])
