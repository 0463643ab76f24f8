"""Changing an account's charge schedule: the charges in force from a date, and the
RentVaried each change announces. The lower-level use case lettings, insurance and rent
review all call; a backdated change re-prices the weeks already charged. It also vets a
lease set over an account's weekly charges (a reaction to leasehold's LeaseStarting)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from billing.charges import queries as charge_queries
from billing.charges.rules import benefit_eligible, charge_lines
from billing.charges.settlement import corrections, weeks_between
from billing.charges.tables import charge_table
from billing.configuration.service import rent_free_weeks, rent_free_weeks_of
from billing.errors import BillingError, Conflict, NotFound
from billing.leasehold import queries as leasehold
from billing.leasehold.events import LeaseStarting
from billing.leasehold.rules import refuse_lease, refuse_weekly_charges
from billing.ledger import accounts as ledger_accounts
from billing.ledger import source_keys
from billing.ledger.rules import NewPosting
from billing.ledger.writer import post_and_announce
from billing.tenancies import queries as tenancies_queries
from shared import audit
from shared.calendar import RentYear
from shared.contracts.billing import ChargeLine, RentVariedV1
from shared.contracts.types import AccountType, ChargeType, PostingType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money, total

NOTICE_OF_VARIATION = timedelta(weeks=4)


async def settle(uow: UnitOfWork, account_ref: str, starts: date, ends: date | None, weeks: list[Any],
                  key: str, reason: str, actor: str) -> None:
    """Post the difference between what the schedule now says and what was charged."""
    rows = await charge_queries.charge_rows(uow.session, account_ref)
    charged = await charge_queries.charged(uow.session, account_ref)
    lease_starts = (await leasehold.lease_starts(uow.session, [account_ref])).get(account_ref)
    free = {y: set(await rent_free_weeks(uow.session, y)) for y in {w.rent_year for w in weeks}}
    await post_and_announce(uow, [
        NewPosting(account_ref=account_ref, posting_type=PostingType.CHARGE, amount=c.amount,
                   effective_date=max(c.week.starts, starts), charge_type=c.charge_type,
                   source_key=source_keys.settlement(key, c.week, c.charge_type),
                   source=key, posted_by=actor, reason=f"{reason} ({c.week.label})")
        for c in corrections(charge_queries.periods(rows, starts, ends, lease_starts), charged, weeks, free)
    ])


# --- charges from a date ------------------------------------------------------------


async def change_charges(uow: UnitOfWork, account_ref: str, effective_from: date,
                         charges: dict[ChargeType, Money], reason: str, actor: str) -> None:
    account = await ledger_accounts.get_account(uow.session, account_ref, for_update=True)
    if account is None:
        raise NotFound(f"account {account_ref} does not exist")
    if account.status != "open":
        raise Conflict(f"account {account_ref} is closed")
    if effective_from < account.opened_on:
        raise BillingError(f"charges cannot change before the account opened on {account.opened_on}")
    lease = await leasehold.lease_starts(uow.session, [account_ref])
    if lease:
        refuse_weekly_charges(account_ref, lease[account_ref], charges)
    rows = await charge_queries.charge_rows(uow.session, account_ref)
    later = [r for r in rows if r["charge_type"] in charges and r["effective_from"] >= effective_from]
    if later:
        raise Conflict(f"a {later[0]['charge_type']} change from {later[0]['effective_from']} is already scheduled")
    old = charge_queries.active_on(rows, effective_from)
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
                       account_ref=account_ref,
                       before={t.value: str(a) for t, a in old.items()},
                       after={"from": str(effective_from), **{t.value: str(a) for t, a in new.items()}},
                       reason=reason)
    # A backdated change re-prices the weeks already debited from that date.
    charged = await charge_queries.charged(uow.session, account_ref)
    if charged:
        last = RentYear(max(charged)[0]).week(max(charged)[1])
        tenancy = await tenancies_queries.tenancy(uow.session, account.tenancy_ref) if account.tenancy_ref else None
        await settle(uow, account_ref, tenancy["start_date"] if tenancy else account.opened_on, None,
                      [w for w in weeks_between(effective_from, last.starts) if (w.rent_year, w.number) in charged],
                      source_keys.charge_change(),
                      f"charge change from {effective_from}", actor)
    uow.emit(RentVariedV1(
        account_ref=account_ref, tenancy_ref=account.tenancy_ref, effective_from=effective_from,
        old_weekly_total=total(old.values()), new_weekly_total=total(new.values()),
        charges=charge_lines(new, account.account_type), notice_required_by=effective_from - NOTICE_OF_VARIATION,
        rent_free_weeks=await rent_free_weeks_of(uow.session, effective_from),
    ))


async def refuse_lease_over_weekly_charges(lease: LeaseStarting, uow: UnitOfWork) -> None:
    """Reacts to a lease being set: refused while a weekly charge of a type the lease
    invoices runs on from the day it starts."""
    refuse_lease(lease.account_ref, lease.starts_on, [
        (ChargeType(r["charge_type"]), r["effective_from"], r["effective_to"])
        for r in await charge_queries.charge_rows(uow.session, lease.account_ref) if r["weekly_amount"] > 0])


async def end_charges(session: AsyncSession, account_ref: str, last_day: date) -> None:
    """Every charge of the account in force on ``last_day`` or later ends that day (a termination)."""
    await session.execute(update(charge_table).where(
        charge_table.c.account_ref == account_ref, charge_table.c.effective_from <= last_day,
        (charge_table.c.effective_to.is_(None)) | (charge_table.c.effective_to > last_day),
    ).values(effective_to=last_day))


# An array parameter, not IN (...): a whole estate's accounts exceed the bind-parameter limit.
END_CHARGES = text(
    "UPDATE charge SET effective_to = :ends WHERE account_ref = ANY(:refs) AND charge_type = :charge_type "
    "AND (effective_to IS NULL OR effective_to >= :starts)"
)


async def change_many(uow: UnitOfWork, lines: list[dict[str, Any]], kinds: dict[str, AccountType], starts: date,
                 actor: str, reason: str) -> None:
    """A rent review's charges, all from ``starts``: each line ends the account's charge
    of its type the day before and starts the new amount (nothing for a zero)."""
    for charge_type in sorted({ln["charge_type"] for ln in lines}):
        refs = [ln["account_ref"] for ln in lines if ln["charge_type"] == charge_type]
        await uow.session.execute(END_CHARGES, {"refs": refs, "charge_type": charge_type, "starts": starts,
                                                "ends": starts - timedelta(days=1)})
    new_rows = [{"account_ref": ln["account_ref"], "charge_type": ln["charge_type"], "weekly_amount": ln["new_amount"],
                 "benefit_eligible": benefit_eligible(ChargeType(ln["charge_type"]), kinds[ln["account_ref"]]),
                 "effective_from": starts, "created_by": actor, "reason": reason}
                for ln in lines if ln["new_amount"] > 0]
    if new_rows:
        await uow.session.execute(insert(charge_table), new_rows)


async def open_schedule(session: AsyncSession, account_ref: str, lines: list[ChargeLine], effective_from: date,
                        actor: str, reason: str) -> None:
    """A new account's first charges (a tenancy's start, an account opened with charges)."""
    if lines:
        await session.execute(insert(charge_table), [
            {"account_ref": account_ref, "charge_type": line.charge_type.value,
             "weekly_amount": line.weekly_amount.amount, "benefit_eligible": line.benefit_eligible,
             "effective_from": effective_from, "created_by": actor, "reason": reason}
            for line in lines
        ])
