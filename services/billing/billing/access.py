"""Object-level checks for account routes: the account exists and is in one of the
caller's patches."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

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


STAFF_READ = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER,
              Role.FINANCE_APPROVER, Role.AUDITOR)
