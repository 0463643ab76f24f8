"""Who may do what in refunds, and on which accounts."""

from __future__ import annotations

import uuid

from sqlalchemy import select

from refunds.adapters import repository as repo
from refunds.adapters.orm import refund_table
from shared.auth.principal import Principal, Role
from shared.db.unit_of_work import UnitOfWork
from shared.web.patch_access import limited_patches, require_patch

READERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.SENIOR_OFFICER, Role.FINANCE_APPROVER, Role.AUDITOR)
REQUESTERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.SENIOR_OFFICER)
APPROVERS = (Role.SENIOR_OFFICER, Role.FINANCE_APPROVER)
PAYERS = (Role.FINANCE_APPROVER,)
CONFIGURERS = (Role.ADMIN,)



async def check_account(uow: UnitOfWork, who: Principal, account_ref: str) -> None:
    if limited_patches(who) is not None:
        require_patch(who, await repo.account_patch(uow.session, account_ref), f"account {account_ref}")


async def check_refund(uow: UnitOfWork, who: Principal, refund_id: uuid.UUID) -> None:
    if limited_patches(who) is not None:
        account_ref = (await uow.session.execute(select(refund_table.c.account_ref).where(
            refund_table.c.refund_id == refund_id))).scalar_one_or_none()
        if account_ref is not None:
            await check_account(uow, who, account_ref)
