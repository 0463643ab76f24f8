"""Starting a tenancy: the register's tenancy and tenants, its rent account and charge
schedule, then TenancyLet announced (the void register reacts) and the events published.
Like every use case it leaves the commit to the unit of work."""

from __future__ import annotations

from billing.charges import service as charge_changes
from billing.charges.rules import charge_lines
from billing.errors import Conflict, NotFound
from billing.ledger import accounts as ledger_accounts
from billing.ledger.model import Account
from billing.tenancies import queries as tenancies_queries
from billing.tenancies import service as register
from billing.tenancies.commands import StartTenancy
from billing.tenancies.events import TenancyLet
from billing.tenancies.rules import Tenancy
from shared import audit
from shared.contracts.billing import AccountOpenedV1, Party, TenancyStartedV1
from shared.contracts.types import AccountType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money, total


async def start_tenancy(cmd: StartTenancy, uow: UnitOfWork) -> str:
    """Start a tenancy and open its rent account; returns the account reference."""
    prop = await tenancies_queries.property_exists(uow.session, cmd.property_ref)
    if prop is None:
        raise NotFound(f"property {cmd.property_ref} does not exist")
    if await tenancies_queries.letting_on_or_after(uow.session, cmd.property_ref, cmd.start_date):
        raise Conflict(f"property {cmd.property_ref} already has a tenancy on {cmd.start_date}")
    if await tenancies_queries.tenancy_exists(uow.session, cmd.tenancy_ref):
        raise Conflict(f"tenancy {cmd.tenancy_ref} already exists")

    tenancy = Tenancy(cmd.tenancy_ref, cmd.property_ref, cmd.tenure, cmd.start_date, cmd.tenants)
    account_type = (
        AccountType.TEMPORARY_ACCOMMODATION if cmd.tenure == "temporary_accommodation" else AccountType.RENT
    )
    account = Account(
        account_ref=await ledger_accounts.next_account_ref(uow.session),
        account_type=account_type,
        status="open",
        balance=Money.zero(),
        last_seq=0,
        opened_on=cmd.start_date,
        tenancy_ref=tenancy.tenancy_ref,
        property_ref=tenancy.property_ref,
        patch=prop["patch"],
    )
    await register.add_tenancy(uow.session, tenancy, cmd.actor)
    await ledger_accounts.add_account(uow.session, account)
    lines = charge_lines(cmd.charges, account_type)
    await charge_changes.open_schedule(uow.session, account.account_ref, lines, cmd.start_date, cmd.actor,
                                       "tenancy start")
    await audit.record(uow.session, actor=cmd.actor, action="start", entity="tenancy",
                       entity_id=tenancy.tenancy_ref, account_ref=account.account_ref,
                       after={"account_ref": account.account_ref, "start_date": str(cmd.start_date)})
    await uow.announce(TenancyLet(tenancy.property_ref, tenancy.tenancy_ref, cmd.start_date, cmd.actor))
    person_ids = [t.person_id for t in tenancy.tenants]
    uow.emit(AccountOpenedV1(
        account_ref=account.account_ref, account_type=account.account_type, opened_on=cmd.start_date,
        tenancy_ref=tenancy.tenancy_ref, property_ref=tenancy.property_ref, patch=account.patch,
        person_ids=person_ids,
    ))
    uow.emit(TenancyStartedV1(
        tenancy_ref=tenancy.tenancy_ref, account_ref=account.account_ref,
        property_ref=tenancy.property_ref, patch=prop["patch"], tenure=tenancy.tenure,
        start_date=tenancy.start_date,
        tenants=[Party(person_id=t.person_id, name=t.name, is_lead=t.is_lead, email=t.email, mobile=t.mobile)
                 for t in tenancy.tenants],
        address=[*prop["address"], prop["postcode"]],
        charges=lines,
        weekly_total=total(line.weekly_amount for line in lines),
    ))
    return account.account_ref
