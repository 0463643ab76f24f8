"""Sundry debts (rechargeable repairs, court costs, other): each on a sundry account of its
own, opened with AccountOpened (type ``sundry``) and charged with AccountPosted, the two
events recovery builds its arrears positions from, so the leasehold and sundry arrears
policy takes the debt from there."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import insert, select

from billing.errors import BillingError, NotFound
from billing.invoices.service import Invoice, raise_invoices
from billing.ledger import accounts as ledger_accounts
from billing.lettings import accounts
from billing.sundry.tables import sundry_debt_table as debt_t
from billing.tenancies import queries as tenancies_queries
from shared import audit
from shared.contracts.types import AccountType, ChargeType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

DEBT_CHARGE_TYPES = {"rechargeable_repair": ChargeType.RECHARGEABLE_REPAIR, "court_costs": ChargeType.COURT_COSTS}


@dataclass(frozen=True)
class RaiseSundryDebt:
    debt_type: str
    amount: Money
    description: str
    raised_on: date
    due_date: date
    person_ids: list[str]
    against_account_ref: str | None
    reason: str
    actor: str


async def _debtors(uow: UnitOfWork, cmd: RaiseSundryDebt) -> tuple[list[str], str | None]:
    """The people owing the debt and their property: given, or the current tenants of the
    account it is raised against."""
    if cmd.against_account_ref is None:
        if not cmd.person_ids:
            raise BillingError("a sundry debt is raised against a person (person_ids) or an account")
        return cmd.person_ids, None
    account = await ledger_accounts.get_account(uow.session, cmd.against_account_ref)
    if account is None:
        raise NotFound(f"account {cmd.against_account_ref} does not exist")
    people = list(cmd.person_ids)
    if account.tenancy_ref and not people:
        people = [t["person_id"] for t in await tenancies_queries.current_tenants(uow.session, account.tenancy_ref)]
    return people, account.property_ref


async def raise_debt(uow: UnitOfWork, cmd: RaiseSundryDebt) -> dict[str, str]:
    if cmd.amount <= 0:
        raise BillingError("a sundry debt must be more than zero")
    if cmd.due_date < cmd.raised_on:
        raise BillingError("the due date must not be before the date the debt is raised")
    people, property_ref = await _debtors(uow, cmd)
    account_ref = await accounts.open_account(accounts.OpenAccount(
        account_type=AccountType.SUNDRY, opened_on=cmd.raised_on, property_ref=property_ref, person_ids=people,
        charges={}, reason=f"sundry debt: {cmd.reason}", actor=cmd.actor), uow)
    debt_id = uuid.uuid4()
    await uow.session.execute(insert(debt_t).values(
        debt_id=debt_id, account_ref=account_ref, debt_type=cmd.debt_type, amount=cmd.amount.amount,
        description=cmd.description, raised_on=cmd.raised_on, due_date=cmd.due_date, person_ids=people,
        related_account_ref=cmd.against_account_ref, raised_by=cmd.actor))
    charge_type = DEBT_CHARGE_TYPES.get(cmd.debt_type)
    await raise_invoices(uow, [Invoice(
        invoice_ref=f"SD-{debt_id}", run_ref=f"sundry:{cmd.raised_on}", account_ref=account_ref,
        invoice_type="sundry", amount=cmd.amount, due_date=cmd.due_date, charge_type=charge_type,
        description=f"{cmd.debt_type.replace('_', ' ')}: {cmd.description}")], cmd.actor)
    await audit.record(uow.session, actor=cmd.actor, action="raise", entity="sundry_debt", entity_id=str(debt_id),
                       account_ref=account_ref,
                       after={"account_ref": account_ref, "debt_type": cmd.debt_type, "amount": str(cmd.amount),
                              "against": cmd.against_account_ref}, reason=cmd.reason)
    return {"debt_id": str(debt_id), "account_ref": account_ref}


async def get_debt(uow: UnitOfWork, debt_id: uuid.UUID) -> dict[str, object]:
    row = (await uow.session.execute(select(debt_t).where(debt_t.c.debt_id == debt_id))).mappings().first()
    if row is None:
        raise NotFound(f"sundry debt {debt_id} does not exist")
    return dict(row)
