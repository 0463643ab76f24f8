"""Tenancy changes: charges from a date, succession, joint-to-sole, termination with a
pro-rated final week (announcing TenancyEnded, which the void register and home contents
insurance react to), and moves (transfer, mutual exchange) whose balance goes with the
household by an audited journal."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from billing.charges import queries as charge_queries
from billing.charges.service import end_charges, settle
from billing.charges.settlement import final_weeks
from billing.errors import BillingError, Conflict, NotFound
from billing.ledger import accounts as ledger_accounts
from billing.ledger import source_keys, statements
from billing.ledger.rules import NewPosting
from billing.ledger.writer import post_and_announce
from billing.lettings import service as letting
from billing.tenancies import queries as tenancies_queries
from billing.tenancies import service as register
from billing.tenancies.commands import StartTenancy
from billing.tenancies.events import TenancyEnded
from billing.tenancies.rules import Tenant
from shared import audit
from shared.contracts.billing import TenancyTerminatedV1
from shared.contracts.types import ChargeType, PostingType, Tenure
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money


async def _open_tenancy(uow: UnitOfWork, tenancy_ref: str) -> tuple[dict[str, Any], str]:
    tenancy = await tenancies_queries.tenancy(uow.session, tenancy_ref, for_update=True)
    if tenancy is None:
        raise NotFound(f"tenancy {tenancy_ref} does not exist")
    if tenancy["end_date"] is not None:
        raise Conflict(f"tenancy {tenancy_ref} ended on {tenancy['end_date']}")
    account_ref = await ledger_accounts.rent_account_of(uow.session, tenancy_ref)
    if account_ref is None:
        raise NotFound(f"tenancy {tenancy_ref} has no account")
    return tenancy, account_ref


# --- who holds the tenancy ---------------------------------------------------------


async def succeed(uow: UnitOfWork, tenancy_ref: str, successor: Tenant, on: date, reason: str, actor: str) -> None:
    """The successor (e.g. a surviving partner) takes over; the account continues."""
    tenancy, _ = await _open_tenancy(uow, tenancy_ref)
    if on < tenancy["start_date"]:
        raise BillingError(f"succession cannot be before the tenancy started on {tenancy['start_date']}")
    before = await tenancies_queries.current_tenants(uow.session, tenancy_ref)
    leaving = [t["person_id"] for t in before if t["person_id"] != successor.person_id]
    await register.end_tenants(uow.session, tenancy_ref, leaving, on)
    if any(t["person_id"] == successor.person_id for t in before):
        await register.make_lead(uow.session, tenancy_ref, successor.person_id)
    else:
        await register.add_lead_tenant(uow.session, tenancy_ref, successor, on)
    await audit.record(uow.session, actor=actor, action="succession", entity="tenancy", entity_id=tenancy_ref,
                       before={"tenants": [t["person_id"] for t in before]},
                       after={"tenants": [successor.person_id], "from": str(on)}, reason=reason)


async def joint_to_sole(uow: UnitOfWork, tenancy_ref: str, remaining: str, on: date, reason: str, actor: str) -> None:
    tenancy, _ = await _open_tenancy(uow, tenancy_ref)
    before = await tenancies_queries.current_tenants(uow.session, tenancy_ref)
    if len(before) < 2:
        raise Conflict(f"tenancy {tenancy_ref} is not a joint tenancy")
    if remaining not in {t["person_id"] for t in before}:
        raise BillingError(f"{remaining} is not a current tenant of {tenancy_ref}")
    if on < tenancy["start_date"]:
        raise BillingError(f"the change cannot be before the tenancy started on {tenancy['start_date']}")
    leaving = [t["person_id"] for t in before if t["person_id"] != remaining]
    await register.end_tenants(uow.session, tenancy_ref, leaving, on)
    await register.make_lead(uow.session, tenancy_ref, remaining)
    await audit.record(uow.session, actor=actor, action="joint_to_sole", entity="tenancy", entity_id=tenancy_ref,
                       before={"tenants": [t["person_id"] for t in before]},
                       after={"tenants": [remaining], "from": str(on)}, reason=reason)


# --- termination and moves -----------------------------------------------------------


@dataclass(frozen=True)
class Ended:
    tenancy_ref: str
    account_ref: str
    end_date: date
    final_balance: Money


async def terminate(
    uow: UnitOfWork, tenancy_ref: str, end_date: date, reason: str, actor: str,
    forwarding_address: list[str] | None = None, balance_to: str | None = None,
) -> Ended:
    """End the tenancy on ``end_date`` (the last day charged): settle the final weeks to
    the day, move the balance to ``balance_to`` if given, close the account."""
    tenancy, account_ref = await _open_tenancy(uow, tenancy_ref)
    # Lock the account before reading what was charged: a debit run locks it too.
    await ledger_accounts.get_account(uow.session, account_ref, for_update=True)
    if end_date < tenancy["start_date"]:
        raise BillingError(f"end date {end_date} is before the tenancy started on {tenancy['start_date']}")
    tenants = await tenancies_queries.current_tenants(uow.session, tenancy_ref)
    await register.set_end(uow.session, tenancy_ref, end_date, reason)
    await end_charges(uow.session, account_ref, end_date)
    charged = await charge_queries.charged(uow.session, account_ref)
    await settle(uow, account_ref, tenancy["start_date"], end_date,
                  final_weeks(tenancy["start_date"], end_date, charged), source_keys.termination(tenancy_ref),
                  f"final week to {end_date}", actor)
    if balance_to is not None:
        await move_balance(uow, account_ref, balance_to, end_date, source_keys.tenancy_move(tenancy_ref), reason, actor)
    account = await ledger_accounts.get_account(uow.session, account_ref, for_update=True)
    assert account is not None
    await ledger_accounts.close_account(uow.session, account_ref, end_date)
    await audit.record(uow.session, actor=actor, action="terminate", entity="tenancy", entity_id=tenancy_ref,
                       before={"end_date": None}, reason=reason, account_ref=account_ref,
                       after={"end_date": str(end_date), "account_ref": account_ref,
                              "final_balance": str(account.balance)})
    await uow.announce(TenancyEnded(tenancy["property_ref"], tenancy_ref, account_ref, end_date, actor))
    uow.emit(TenancyTerminatedV1(
        tenancy_ref=tenancy_ref, account_ref=account_ref, end_date=end_date, reason=reason,
        final_balance=account.balance, person_ids=[t["person_id"] for t in tenants],
        forwarding_address=forwarding_address or [],
    ))
    return Ended(tenancy_ref, account_ref, end_date, account.balance)


async def move_balance(uow: UnitOfWork, from_ref: str, to_ref: str, on: date, key: str, reason: str,
                       actor: str) -> Money:
    """The whole balance goes from one account to the other by a pair of transfer postings."""
    account = await ledger_accounts.get_account(uow.session, from_ref, for_update=True)
    assert account is not None
    if account.balance:
        await post_and_announce(uow, [
            NewPosting(account_ref=from_ref, posting_type=PostingType.TRANSFER, amount=-account.balance,
                       effective_date=on, source_key=source_keys.leg(key, "out"), source=key, posted_by=actor,
                       reason=f"balance moved to {to_ref}: {reason}"),
            NewPosting(account_ref=to_ref, posting_type=PostingType.TRANSFER, amount=account.balance,
                       effective_date=on, source_key=source_keys.leg(key, "in"), source=key, posted_by=actor,
                       reason=f"balance moved from {from_ref}: {reason}"),
        ])
        await audit.record(uow.session, actor=actor, action="move_balance", entity="account", entity_id=from_ref,
                           account_ref=from_ref,
                           after={"to": to_ref, "amount": str(account.balance)}, reason=reason, source=key)
    return account.balance


@dataclass(frozen=True)
class Move:
    old_tenancy_ref: str
    new_tenancy_ref: str
    new_property_ref: str
    start_date: date
    charges: dict[ChargeType, Money]
    tenure: Tenure | None = None


@dataclass(frozen=True)
class Moved:
    old_tenancy_ref: str
    old_account_ref: str
    new_tenancy_ref: str
    new_account_ref: str
    balance_moved: Money


async def _household(uow: UnitOfWork, move: Move) -> tuple[dict[str, Any], list[Tenant]]:
    tenancy, _ = await _open_tenancy(uow, move.old_tenancy_ref)
    tenants = [Tenant(t["person_id"], t["name"], t["is_lead"], t["email"], t["mobile"])
               for t in await tenancies_queries.current_tenants(uow.session, move.old_tenancy_ref)]
    if move.start_date <= tenancy["start_date"]:
        raise BillingError(f"the move must be after tenancy {move.old_tenancy_ref} started")
    return tenancy, tenants


async def _start_moved(uow: UnitOfWork, move: Move, tenancy: dict[str, Any], tenants: list[Tenant],
                       reason: str, actor: str) -> str:
    return await letting.start_tenancy(StartTenancy(
        tenancy_ref=move.new_tenancy_ref, property_ref=move.new_property_ref,
        tenure=move.tenure or Tenure(tenancy["tenure"]), start_date=move.start_date, tenants=tenants,
        charges=move.charges, actor=actor,
    ), uow)


async def transfer(uow: UnitOfWork, move: Move, reason: str, actor: str) -> Moved:
    """The household moves to another of the landlord's homes; its balance goes with it."""
    tenancy, tenants = await _household(uow, move)
    new_account = await _start_moved(uow, move, tenancy, tenants, reason, actor)
    ended = await terminate(uow, move.old_tenancy_ref, move.start_date - timedelta(days=1),
                            f"transfer to {move.new_tenancy_ref}: {reason}", actor, balance_to=new_account)
    moved = await _moved_amount(uow, move.old_tenancy_ref)
    return Moved(move.old_tenancy_ref, ended.account_ref, move.new_tenancy_ref, new_account, moved)


async def mutual_exchange(uow: UnitOfWork, a: Move, b: Move, reason: str, actor: str) -> list[Moved]:
    """Two households swap homes on the same day: both old tenancies end the day before,
    each household starts at the other's home on its charges, balances go with them."""
    households = [await _household(uow, move) for move in (a, b)]
    ends = a.start_date - timedelta(days=1)
    # End both first: each new tenancy needs the other's home free from the exchange date.
    for move in (a, b):
        await register.set_end(uow.session, move.old_tenancy_ref, ends)
    new_accounts = [await _start_moved(uow, move, tenancy, tenants, reason, actor)
                    for move, (tenancy, tenants) in zip((a, b), households, strict=True)]
    for move in (a, b):
        await register.set_end(uow.session, move.old_tenancy_ref, None)
    result = []
    for move, new_account in zip((a, b), new_accounts, strict=True):
        ended = await terminate(uow, move.old_tenancy_ref, ends, f"mutual exchange: {reason}", actor,
                                balance_to=new_account)
        result.append(Moved(move.old_tenancy_ref, ended.account_ref, move.new_tenancy_ref, new_account,
                            await _moved_amount(uow, move.old_tenancy_ref)))
    return result


async def _moved_amount(uow: UnitOfWork, tenancy_ref: str) -> Money:
    return await statements.posted_amount(uow.session, source_keys.leg(source_keys.tenancy_move(tenancy_ref), "in"))


async def current_charges(uow: UnitOfWork, tenancy_ref: str, on: date) -> dict[ChargeType, Money]:
    account_ref = await ledger_accounts.rent_account_of(uow.session, tenancy_ref)
    if account_ref is None:
        raise NotFound(f"tenancy {tenancy_ref} does not exist")
    return charge_queries.active_on(await charge_queries.charge_rows(uow.session, account_ref), on)
