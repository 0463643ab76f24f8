"""Object-level access by patch (OWASP API1) for notifications' account data: an officer
whose token names patches sees only the notifications and contacts of accounts there."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, select

from notifications.adapters.orm import account_table, contact_table
from shared.auth.principal import Principal
from shared.db.unit_of_work import UnitOfWork
from shared.web.patch_access import limited_patches, require_patch
from shared.web.problems import ProblemError


async def require_account(uow: UnitOfWork, who: Principal, account_ref: str) -> None:
    if limited_patches(who) is None:
        return
    patch = (await uow.session.execute(
        select(account_table.c.patch).where(account_table.c.account_ref == account_ref)
    )).scalar()
    require_patch(who, patch, f"account {account_ref}")


async def require_person(uow: UnitOfWork, who: Principal, person_id: str) -> None:
    allowed = limited_patches(who)
    if allowed is None:
        return
    theirs = (await uow.session.execute(
        select(account_table.c.patch)
        .join(contact_table, contact_table.c.account_ref == account_table.c.account_ref)
        .where(contact_table.c.person_id == person_id)
    )).scalars().all()
    if not set(theirs) & allowed:
        raise ProblemError(403, "Forbidden", f"tenant {person_id} has no account in one of your patches",
                           type_="urn:rent:problem:forbidden")


def in_my_patches(who: Principal, account_ref: Any) -> ColumnElement[bool] | None:
    """A filter keeping only accounts in the caller's patches (None: no limit)."""
    allowed = limited_patches(who)
    if allowed is None:
        return None
    return account_ref.in_(select(account_table.c.account_ref).where(account_table.c.patch.in_(allowed)))


def require_every_patch(who: Principal, what: str) -> None:
    if limited_patches(who) is not None:
        raise ProblemError(403, "Forbidden", f"{what} covers every patch; your access is limited to some",
                           type_="urn:rent:problem:forbidden")
