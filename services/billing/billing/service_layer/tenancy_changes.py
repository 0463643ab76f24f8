"""Tenancy changes: charges from a date, succession, joint-to-sole, termination with a
pro-rated final week, and moves (transfer, mutual exchange) whose balance goes with
the household by an audited journal."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, text, update

from billing.adapters import ledger_writer
from billing.adapters import repository as repo
from billing.adapters import schedule_queries as schedules
from billing.adapters.orm import account_table, charge_table, tenancy_table, tenant_table
from billing.domain.exceptions import BillingError, Conflict, NotFound
from billing.domain.ledger import NewPosting
from billing.domain.model import Tenant, benefit_eligible, charge_lines
from billing.domain.service_charges import refuse_weekly_charges
from billing.domain.settlement import corrections, final_weeks, weeks_between
from billing.service_layer import handlers, insurance, leasehold, voids
from billing.service_layer.commands import StartTenancy
from billing.service_layer.configuration import rent_free_weeks, rent_free_weeks_of
from shared import audit
from shared.calendar import RentYear
from shared.contracts.billing import RentVariedV1, TenancyTerminatedV1
from shared.contracts.types import ChargeType, PostingType, Tenure
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money, total

NOTICE_OF_VARIATION = timedelta(weeks=4)
MOVED = text("SELECT coalesce(sum(amount), 0) FROM posting WHERE source_key = :key")


async def _open_tenancy(uow: UnitOfWork, tenancy_ref: str) -> tuple[dict[str, Any], str]:
    tenancy = await schedules.tenancy(uow.session, tenancy_ref, for_update=True)
    if tenancy is None:
        raise NotFound(f"tenancy {tenancy_ref} does not exist")
    if tenancy["end_date"] is not None:
        raise Conflict(f"tenancy {tenancy_ref} ended on {tenancy['end_date']}")
    account_ref = await schedules.rent_account_of(uow.session, tenancy_ref)
    if account_ref is None:
        raise NotFound(f"tenancy {tenancy_ref} has no account")
    return tenancy, account_ref


async def _post(uow: UnitOfWork, lines: list[NewPosting]) -> None:
    for posting in await ledger_writer.post_all(uow.session, lines):
        uow.emit(posting.to_event(), sequence=posting.account_seq)


async def _settle(uow: UnitOfWork, account_ref: str, starts: date, ends: date | None, weeks: list[Any],
                  key: str, reason: str, actor: str) -> None:
    """Post the difference between what the schedule now says and what was charged."""
    rows = await schedules.charge_rows(uow.session, account_ref)
    charged = await schedules.charged(uow.session, account_ref)
    lease_starts = (await leasehold.lease_starts(uow.session, [account_ref])).get(account_ref)
    free = {y: set(await rent_free_weeks(uow.session, y)) for y in {w.rent_year for w in weeks}}
    await _post(uow, [
        NewPosting(account_ref=account_ref, posting_type=PostingType.CHARGE, amount=c.amount,
                   effective_date=max(c.week.starts, starts), charge_type=c.charge_type,
                   source_key=f"{key}:{c.week.rent_year}-{c.week.number:02d}:{c.charge_type.value}",
                   source=key, posted_by=actor, reason=f"{reason} ({c.week.label})")
        for c in corrections(schedules.periods(rows, starts, ends, lease_starts), charged, weeks, free)
    ])


# --- charges from a date ------------------------------------------------------------


async def change_charges(uow: UnitOfWork, account_ref: str, effective_from: date,
                         charges: dict[ChargeType, Money], reason: str, actor: str) -> None:
    account = await repo.get_account(uow.session, account_ref, for_update=True)
    if account is None:
        raise NotFound(f"account {account_ref} does not exist")
    if account.status != "open":
        raise Conflict(f"account {account_ref} is closed")
    if effective_from < account.opened_on:
        raise BillingError(f"charges cannot change before the account opened on {account.opened_on}")
    lease = await leasehold.lease_starts(uow.session, [account_ref])
    if lease:
        refuse_weekly_charges(account_ref, lease[account_ref], charges)
    rows = await schedules.charge_rows(uow.session, account_ref)
    later = [r for r in rows if r["charge_type"] in charges and r["effective_from"] >= effective_from]
    if later:
        raise Conflict(f"a {later[0]['charge_type']} change from {later[0]['effective_from']} is already scheduled")
    old = schedules.active_on(rows, effective_from)
    for charge_type in charges:
        await uow.session.execute(update(charge_table).where(
            charge_table.c.account_ref == account_ref, charge_table.c.charge_type == charge_type.value,
            (charge_table.c.effective_to.is_(None)) | (charge_table.c.effective_to >= effective_from),
        ).values(effective_to=effective_from - timedelta(days=1)))
    new_rows = [{"account_ref": account_ref, "charge_type": t.value, "weekly_amount": a.amount,
                 "benefit_eligible": benefit_eligible(t, account.account_type), "effective_from": effective_from,
                 "created_by": actor, "reason": reason} for t, a in charges.items() if a > 0]
    if new_rows:
        await uow.session.execute(insert(charge_table), new_rows)
    new = {**old, **charges}
    new = {t: a for t, a in new.items() if a > 0}
    await audit.record(uow.session, actor=actor, action="change_charges", entity="account", entity_id=account_ref,
                       before={t.value: str(a) for t, a in old.items()},
                       after={"from": str(effective_from), **{t.value: str(a) for t, a in new.items()}},
                       reason=reason)
    # A backdated change re-prices the weeks already debited from that date.
    charged = await schedules.charged(uow.session, account_ref)
    if charged:
        last = RentYear(max(charged)[0]).week(max(charged)[1])
        tenancy = await schedules.tenancy(uow.session, account.tenancy_ref) if account.tenancy_ref else None
        await _settle(uow, account_ref, tenancy["start_date"] if tenancy else account.opened_on, None,
                      [w for w in weeks_between(effective_from, last.starts) if (w.rent_year, w.number) in charged],
                      f"charge-change:{uuid.uuid4()}",
                      f"charge change from {effective_from}", actor)
    uow.emit(RentVariedV1(
        account_ref=account_ref, tenancy_ref=account.tenancy_ref, effective_from=effective_from,
        old_weekly_total=total(old.values()), new_weekly_total=total(new.values()),
        charges=charge_lines(new, account.account_type), notice_required_by=effective_from - NOTICE_OF_VARIATION,
        rent_free_weeks=await rent_free_weeks_of(uow.session, effective_from),
    ))


# --- who holds the tenancy ---------------------------------------------------------


async def _end_tenants(uow: UnitOfWork, tenancy_ref: str, person_ids: list[str], on: date) -> None:
    await uow.session.execute(update(tenant_table).where(
        tenant_table.c.tenancy_ref == tenancy_ref, tenant_table.c.person_id.in_(person_ids),
    ).values(left_on=on, is_lead=False))


async def succeed(uow: UnitOfWork, tenancy_ref: str, successor: Tenant, on: date, reason: str, actor: str) -> None:
    """The successor (e.g. a surviving partner) takes over; the account continues."""
    tenancy, _ = await _open_tenancy(uow, tenancy_ref)
    if on < tenancy["start_date"]:
        raise BillingError(f"succession cannot be before the tenancy started on {tenancy['start_date']}")
    before = await schedules.current_tenants(uow.session, tenancy_ref)
    leaving = [t["person_id"] for t in before if t["person_id"] != successor.person_id]
    await _end_tenants(uow, tenancy_ref, leaving, on)
    if any(t["person_id"] == successor.person_id for t in before):
        await uow.session.execute(update(tenant_table).where(
            tenant_table.c.tenancy_ref == tenancy_ref, tenant_table.c.person_id == successor.person_id,
        ).values(is_lead=True))
    else:
        await uow.session.execute(insert(tenant_table).values(
            tenancy_ref=tenancy_ref, person_id=successor.person_id, name=successor.name, is_lead=True,
            email=successor.email, mobile=successor.mobile, joined_on=on))
    await audit.record(uow.session, actor=actor, action="succession", entity="tenancy", entity_id=tenancy_ref,
                       before={"tenants": [t["person_id"] for t in before]},
                       after={"tenants": [successor.person_id], "from": str(on)}, reason=reason)


async def joint_to_sole(uow: UnitOfWork, tenancy_ref: str, remaining: str, on: date, reason: str, actor: str) -> None:
    tenancy, _ = await _open_tenancy(uow, tenancy_ref)
    before = await schedules.current_tenants(uow.session, tenancy_ref)
    if len(before) < 2:
        raise Conflict(f"tenancy {tenancy_ref} is not a joint tenancy")
    if remaining not in {t["person_id"] for t in before}:
        raise BillingError(f"{remaining} is not a current tenant of {tenancy_ref}")
    if on < tenancy["start_date"]:
        raise BillingError(f"the change cannot be before the tenancy started on {tenancy['start_date']}")
    await _end_tenants(uow, tenancy_ref, [t["person_id"] for t in before if t["person_id"] != remaining], on)
    await uow.session.execute(update(tenant_table).where(
        tenant_table.c.tenancy_ref == tenancy_ref, tenant_table.c.person_id == remaining).values(is_lead=True))
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
    await repo.get_account(uow.session, account_ref, for_update=True)
    if end_date < tenancy["start_date"]:
        raise BillingError(f"end date {end_date} is before the tenancy started on {tenancy['start_date']}")
    tenants = await schedules.current_tenants(uow.session, tenancy_ref)
    await uow.session.execute(update(tenancy_table).where(tenancy_table.c.tenancy_ref == tenancy_ref)
                              .values(end_date=end_date, end_reason=reason[:100]))
    await uow.session.execute(update(charge_table).where(
        charge_table.c.account_ref == account_ref, charge_table.c.effective_from <= end_date,
        (charge_table.c.effective_to.is_(None)) | (charge_table.c.effective_to > end_date),
    ).values(effective_to=end_date))
    charged = await schedules.charged(uow.session, account_ref)
    await _settle(uow, account_ref, tenancy["start_date"], end_date,
                  final_weeks(tenancy["start_date"], end_date, charged), f"termination:{tenancy_ref}",
                  f"final week to {end_date}", actor)
    if balance_to is not None:
        await move_balance(uow, account_ref, balance_to, end_date, f"tenancy-move:{tenancy_ref}", reason, actor)
    account = await repo.get_account(uow.session, account_ref, for_update=True)
    assert account is not None
    await uow.session.execute(update(account_table).where(account_table.c.account_ref == account_ref)
                              .values(status="closed", closed_on=end_date))
    await audit.record(uow.session, actor=actor, action="terminate", entity="tenancy", entity_id=tenancy_ref,
                       before={"end_date": None}, reason=reason,
                       after={"end_date": str(end_date), "account_ref": account_ref,
                              "final_balance": str(account.balance)})
    await voids.tenancy_ended(uow, tenancy["property_ref"], tenancy_ref, account_ref, end_date, actor)
    await insurance.tenancy_ended(uow, tenancy_ref, end_date, actor)
    uow.emit(TenancyTerminatedV1(
        tenancy_ref=tenancy_ref, account_ref=account_ref, end_date=end_date, reason=reason,
        final_balance=account.balance, person_ids=[t["person_id"] for t in tenants],
        forwarding_address=forwarding_address or [],
    ))
    return Ended(tenancy_ref, account_ref, end_date, account.balance)


async def move_balance(uow: UnitOfWork, from_ref: str, to_ref: str, on: date, key: str, reason: str,
                       actor: str) -> Money:
    """The whole balance goes from one account to the other by a pair of transfer postings."""
    account = await repo.get_account(uow.session, from_ref, for_update=True)
    assert account is not None
    if account.balance:
        await _post(uow, [
            NewPosting(account_ref=from_ref, posting_type=PostingType.TRANSFER, amount=-account.balance,
                       effective_date=on, source_key=f"{key}:out", source=key, posted_by=actor,
                       reason=f"balance moved to {to_ref}: {reason}"),
            NewPosting(account_ref=to_ref, posting_type=PostingType.TRANSFER, amount=account.balance,
                       effective_date=on, source_key=f"{key}:in", source=key, posted_by=actor,
                       reason=f"balance moved from {from_ref}: {reason}"),
        ])
        await audit.record(uow.session, actor=actor, action="move_balance", entity="account", entity_id=from_ref,
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
               for t in await schedules.current_tenants(uow.session, move.old_tenancy_ref)]
    if move.start_date <= tenancy["start_date"]:
        raise BillingError(f"the move must be after tenancy {move.old_tenancy_ref} started")
    return tenancy, tenants


async def _start_moved(uow: UnitOfWork, move: Move, tenancy: dict[str, Any], tenants: list[Tenant],
                       reason: str, actor: str) -> str:
    return await handlers.start_tenancy(StartTenancy(
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
        await uow.session.execute(update(tenancy_table).where(tenancy_table.c.tenancy_ref == move.old_tenancy_ref)
                                  .values(end_date=ends))
    new_accounts = [await _start_moved(uow, move, tenancy, tenants, reason, actor)
                    for move, (tenancy, tenants) in zip((a, b), households, strict=True)]
    for move in (a, b):
        await uow.session.execute(update(tenancy_table).where(tenancy_table.c.tenancy_ref == move.old_tenancy_ref)
                                  .values(end_date=None))
    result = []
    for move, new_account in zip((a, b), new_accounts, strict=True):
        ended = await terminate(uow, move.old_tenancy_ref, ends, f"mutual exchange: {reason}", actor,
                                balance_to=new_account)
        result.append(Moved(move.old_tenancy_ref, ended.account_ref, move.new_tenancy_ref, new_account,
                            await _moved_amount(uow, move.old_tenancy_ref)))
    return result


async def _moved_amount(uow: UnitOfWork, tenancy_ref: str) -> Money:
    found = await uow.session.execute(MOVED, {"key": f"tenancy-move:{tenancy_ref}:in"})
    return Money(found.scalar_one())


async def current_charges(uow: UnitOfWork, tenancy_ref: str, on: date) -> dict[ChargeType, Money]:
    account_ref = await schedules.rent_account_of(uow.session, tenancy_ref)
    if account_ref is None:
        raise NotFound(f"tenancy {tenancy_ref} does not exist")
    return schedules.active_on(await schedules.charge_rows(uow.session, account_ref), on)
