"""Object-level checks for account and tenancy routes: the account (a tenancy's rent
account) exists and is in one of the caller's patches."""

from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from billing.errors import NotFound
from billing.ledger import accounts as ledger_accounts
from billing.ledger.model import Account
from shared.auth.principal import Principal, Role
from shared.web.patch_access import require_patch
from shared.web.problems import ProblemError


async def authorised_account(session: AsyncSession, principal: Principal, account_ref: str) -> Account:
    account = await ledger_accounts.get_account(session, account_ref)
    if account is None:
        raise ProblemError(404, "Not found", f"account {account_ref} does not exist")
    require_patch(principal, account.patch, f"account {account_ref}")
    return account


async def authorised_tenancy(uow: Any, user: Principal, tenancy_ref: str) -> None:
    account_ref = await ledger_accounts.rent_account_of(uow.session, tenancy_ref)
    if account_ref is None:
        raise NotFound(f"tenancy {tenancy_ref} does not exist")
    await authorised_account(uow.session, user, account_ref)


STAFF_READ = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER,
              Role.FINANCE_APPROVER, Role.AUDITOR)


async def audit_scope(session: AsyncSession, principal: Principal, account_ref: str) -> list[tuple[str, str]]:
    """For the account's audit trail (shared.web.audit_routes): the account exists and is in the
    caller's patches; records about its tenancy concern it too."""
    account = await authorised_account(session, principal, account_ref)
    return [("account", account_ref)] + ([("tenancy", account.tenancy_ref)] if account.tenancy_ref else [])
