"""Accounts that are not rent accounts of a tenancy: garages, sundry debts, insurance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from billing.charges import service as charge_changes
from billing.charges.rules import charge_lines
from billing.errors import NotFound
from billing.ledger import accounts as ledger_accounts
from billing.ledger.model import Account
from billing.tenancies import queries as tenancies_queries
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
        prop = await tenancies_queries.property_exists(uow.session, cmd.property_ref)
        if prop is None:
            raise NotFound(f"property {cmd.property_ref} does not exist")
        patch = prop["patch"]
    account = Account(account_ref=await ledger_accounts.next_account_ref(uow.session), account_type=cmd.account_type,
                      status="open", balance=Money.zero(), last_seq=0, opened_on=cmd.opened_on,
                      property_ref=cmd.property_ref, patch=patch)
    await ledger_accounts.add_account(uow.session, account)
    await charge_changes.open_schedule(uow.session, account.account_ref,
                                       charge_lines(cmd.charges, cmd.account_type), cmd.opened_on, cmd.actor,
                                       cmd.reason)
    await audit.record(uow.session, actor=cmd.actor, action="open", entity="account", entity_id=account.account_ref,
                       account_ref=account.account_ref,
                       after={"account_type": cmd.account_type.value, "opened_on": str(cmd.opened_on)},
                       reason=cmd.reason)
    uow.emit(AccountOpenedV1(account_ref=account.account_ref, account_type=cmd.account_type,
                             opened_on=cmd.opened_on, property_ref=cmd.property_ref, patch=patch,
                             person_ids=cmd.person_ids))
    return account.account_ref
