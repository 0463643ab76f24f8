"""Accounts that are not rent accounts of a tenancy: garages, sundry debts, insurance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert

from billing.adapters import repository as repo
from billing.adapters.orm import charge_table
from billing.domain.exceptions import NotFound
from billing.domain.model import Account, benefit_eligible
from shared import audit
from shared.contracts.billing import AccountOpenedV1
from shared.contracts.types import AccountType, ChargeType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money


@dataclass(frozen=True)
class OpenAccount:
    account_type: AccountType
    opened_on: date
    property_ref: str | None
    person_ids: list[str]
    charges: dict[ChargeType, Money]
    reason: str
    actor: str


async def open_account(cmd: OpenAccount, uow: UnitOfWork) -> str:
    patch = None
    if cmd.property_ref is not None:
        prop = await repo.property_exists(uow.session, cmd.property_ref)
        if prop is None:
            raise NotFound(f"property {cmd.property_ref} does not exist")
        patch = prop["patch"]
    account = Account(account_ref=await repo.next_account_ref(uow.session), account_type=cmd.account_type,
                      status="open", balance=Money.zero(), last_seq=0, opened_on=cmd.opened_on,
                      property_ref=cmd.property_ref, patch=patch)
    await repo.add_account(uow.session, account)
    if cmd.charges:
        await uow.session.execute(insert(charge_table), [
            {"account_ref": account.account_ref, "charge_type": t.value, "weekly_amount": a.amount,
             "benefit_eligible": benefit_eligible(t, cmd.account_type),
             "effective_from": cmd.opened_on, "created_by": cmd.actor, "reason": cmd.reason}
            for t, a in cmd.charges.items()
        ])
    await audit.record(uow.session, actor=cmd.actor, action="open", entity="account", entity_id=account.account_ref,
                       after={"account_type": cmd.account_type.value, "opened_on": str(cmd.opened_on)},
                       reason=cmd.reason)
    uow.emit(AccountOpenedV1(account_ref=account.account_ref, account_type=cmd.account_type,
                             opened_on=cmd.opened_on, property_ref=cmd.property_ref, patch=patch,
                             person_ids=cmd.person_ids))
    return account.account_ref
