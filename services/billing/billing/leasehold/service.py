"""Leasehold service charge use cases: leases (share, ground rent and the day they start),
the estimate and its instalment invoices, the year-end balancing, Section 20 consultations
and major works, ground rent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.dialects.postgresql import insert as upsert

from billing.errors import BillingError, Conflict, NotFound
from billing.invoices import queries as invoice_queries
from billing.invoices.service import Invoice, raise_invoices
from billing.leasehold import rules
from billing.leasehold.events import LeaseStarting
from billing.leasehold.rules import year_end
from billing.leasehold.tables import lease_table as lease_t
from billing.leasehold.tables import section20_table as s20_t
from billing.leasehold.tables import service_charge_year_table as year_t
from billing.ledger import accounts as ledger_accounts
from shared import audit
from shared.contracts.types import AccountType, ChargeType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money, total

# Invoices raised on a lease's start (a start moved under them would no longer add up).
STARTED_INVOICES = ("estimate", "balancing", "ground_rent")


async def set_lease(uow: UnitOfWork, account_ref: str, scheme_ref: str, share: Decimal, ground_rent: Money,
                    actor: str, reason: str, starts_on: date | None = None) -> None:
    """Put a leasehold account in a scheme. The lease starts on ``starts_on`` (a new lease
    without one: the day the account opened; an existing one keeps its start)."""
    # Locked like a charge change, so a weekly charge and a lease cannot be set side by side.
    account = await ledger_accounts.get_account(uow.session, account_ref, for_update=True)
    if account is None:
        raise NotFound(f"account {account_ref} does not exist")
    if account.account_type is not AccountType.LEASEHOLD:
        raise BillingError(f"account {account_ref} is a {account.account_type.value} account, not leasehold")
    if share <= 0:
        raise BillingError("share must be more than zero")
    before = (await uow.session.execute(select(lease_t).where(lease_t.c.account_ref == account_ref))).mappings().first()
    starts = starts_on or (before["starts_on"] if before else account.opened_on)
    if starts < account.opened_on:
        raise BillingError(f"the lease cannot start before account {account_ref} opened on {account.opened_on}")
    if before and starts != before["starts_on"]:
        await _refuse_moved_start(uow, account_ref, before["starts_on"])
    await uow.announce(LeaseStarting(account_ref, starts))
    values = {"scheme_ref": scheme_ref, "share": share, "ground_rent_annual": ground_rent.amount,
              "starts_on": starts, "updated_by": actor}
    await uow.session.execute(upsert(lease_t).values(account_ref=account_ref, **values)
                              .on_conflict_do_update(index_elements=["account_ref"], set_=values))
    await audit.record(uow.session, actor=actor, action="set_lease", entity="account", entity_id=account_ref,
                       account_ref=account_ref,
                       before={k: str(v) for k, v in before.items() if k in values} if before else None,
                       after={k: str(v) for k, v in values.items()}, reason=reason)


async def _refuse_moved_start(uow: UnitOfWork, account_ref: str, was: date) -> None:
    if await invoice_queries.any_of_types(uow.session, account_ref, STARTED_INVOICES):
        raise Conflict(f"the lease of account {account_ref} started on {was} and has invoices raised on that "
                       "start; correct them by adjustment instead")


async def scheme_leases(uow: UnitOfWork, scheme_ref: str) -> dict[str, tuple[Decimal, date]]:
    """The scheme's open leases: each one's share and the day it starts."""
    open_refs = ledger_accounts.open_account_refs().subquery()
    rows = await uow.session.execute(
        select(lease_t.c.account_ref, lease_t.c.share, lease_t.c.starts_on)
        .join_from(lease_t, open_refs, open_refs.c.account_ref == lease_t.c.account_ref)
        .where(lease_t.c.scheme_ref == scheme_ref))
    leases = {r.account_ref: (r.share, r.starts_on) for r in rows}
    if not leases:
        raise NotFound(f"scheme {scheme_ref} has no open leases")
    return leases


async def scheme_shares(uow: UnitOfWork, scheme_ref: str) -> dict[str, Decimal]:
    return {ref: share for ref, (share, _) in (await scheme_leases(uow, scheme_ref)).items()}


def _part_year(year_start: date, lease_starts: date) -> str:
    days, year_days = rules.days_covered(year_start, lease_starts)
    return "" if days == year_days else f" ({days} of {year_days} days, the lease from {lease_starts})"


async def _year(uow: UnitOfWork, scheme_ref: str, year_start: date, *, for_update: bool = False) -> dict[str, Any]:
    query = select(year_t).where(year_t.c.scheme_ref == scheme_ref, year_t.c.year_start == year_start)
    row = (await uow.session.execute(query.with_for_update() if for_update else query)).mappings().first()
    if row is None:
        raise NotFound(f"scheme {scheme_ref} has no service charge estimate for the year from {year_start}")
    return dict(row)


async def set_estimate(uow: UnitOfWork, scheme_ref: str, year_start: date, estimated_cost: Money,
                       due_dates: list[date], actor: str) -> dict[str, Any]:
    await scheme_shares(uow, scheme_ref)
    rules.instalments(estimated_cost, due_dates)
    if estimated_cost <= 0:
        raise BillingError("the estimated cost must be more than zero")
    found = await uow.session.execute(select(year_t.c.scheme_ref).where(
        year_t.c.scheme_ref == scheme_ref, year_t.c.year_start == year_start))
    if found.first():
        raise Conflict(f"scheme {scheme_ref} already has an estimate for the year from {year_start}")
    await uow.session.execute(year_t.insert().values(
        scheme_ref=scheme_ref, year_start=year_start, estimated_cost=estimated_cost.amount,
        instalments=len(due_dates), due_dates=[str(d) for d in due_dates], created_by=actor))
    await audit.record(uow.session, actor=actor, action="set_estimate", entity="service_charge_year",
                       entity_id=f"{scheme_ref}:{year_start}",
                       after={"estimated_cost": str(estimated_cost), "instalments": len(due_dates)})
    return await _year(uow, scheme_ref, year_start)


def _run_ref(scheme_ref: str, year_start: date, number: int) -> str:
    return f"estimate:{scheme_ref}:{year_start}:{number}"


async def invoice_instalment(uow: UnitOfWork, scheme_ref: str, year_start: date, number: int,
                             actor: str) -> list[Invoice]:
    year = await _year(uow, scheme_ref, year_start, for_update=True)
    if not 1 <= number <= year["instalments"]:
        raise BillingError(f"the estimate has instalments 1 to {year['instalments']}, not {number}")
    if year["actual_cost"] is not None:
        raise Conflict(f"the year from {year_start} is already balanced")
    due_dates = [date.fromisoformat(d) for d in year["due_dates"]]
    leases = await scheme_leases(uow, scheme_ref)
    parts = rules.apportion(Money(year["estimated_cost"]), {ref: share for ref, (share, _) in leases.items()})
    run = _run_ref(scheme_ref, year_start, number)
    invoices = []
    for ref, part in parts.items():
        starts = leases[ref][1]
        due, amount = rules.lease_instalments(part, due_dates, year_start, starts)[number - 1]
        invoices.append(Invoice(
            invoice_ref=f"SC-{scheme_ref}-{year_start:%Y%m%d}-{number}-{ref}", run_ref=run, account_ref=ref,
            invoice_type="estimate", amount=amount, due_date=due, charge_type=ChargeType.SERVICE_CHARGE,
            scheme_ref=scheme_ref, period_from=year_start, period_to=year_end(year_start),
            description=f"estimated service charge {year_start:%Y}/{year_end(year_start):%y}"
                        f"{_part_year(year_start, starts)}, instalment {number} of {year['instalments']}"))
    return await raise_invoices(uow, invoices, actor)


async def invoiced(uow: UnitOfWork, scheme_ref: str, year_start: date, invoice_type: str) -> dict[str, Money]:
    return await invoice_queries.invoiced_by_account(uow.session, scheme_ref, year_start, invoice_type)


async def balance_year(uow: UnitOfWork, scheme_ref: str, year_start: date, actual_lines: list[dict[str, Any]],
                       due_date: date, actor: str) -> list[dict[str, Any]]:
    """Apportion the year's actual cost and invoice each lease the difference from the
    estimate it was invoiced: a balancing charge, or a credit where the estimate was more."""
    year = await _year(uow, scheme_ref, year_start, for_update=True)
    if year["actual_cost"] is not None:
        raise Conflict(f"the year from {year_start} was balanced by {year['balanced_by']}")
    runs = await invoice_queries.runs_like(uow.session, f"estimate:{scheme_ref}:{year_start}:%")
    missing = [n for n in range(1, year["instalments"] + 1) if _run_ref(scheme_ref, year_start, n) not in runs]
    if missing:
        raise Conflict(f"instalment(s) {missing} of the estimate are not invoiced yet; invoice them before balancing")
    actual = total(line["amount"] for line in actual_lines)
    if actual < 0:
        raise BillingError("the actual cost must not be negative")
    leases = await scheme_leases(uow, scheme_ref)
    shares = rules.apportion(actual, {ref: share for ref, (share, _) in leases.items()})
    # Pro-rated like the estimate, so a lease that started during the year balances its own days.
    owed = {ref: rules.lease_part(part, year_start, leases[ref][1]) for ref, part in shares.items()}
    balances = rules.balancing(owed, await invoiced(uow, scheme_ref, year_start, "estimate"))
    await raise_invoices(uow, [
        Invoice(invoice_ref=f"SCB-{scheme_ref}-{year_start:%Y%m%d}-{b.account_ref}",
                run_ref=f"balancing:{scheme_ref}:{year_start}", account_ref=b.account_ref, invoice_type="balancing",
                amount=b.amount, due_date=due_date, charge_type=ChargeType.SERVICE_CHARGE, scheme_ref=scheme_ref,
                period_from=year_start, period_to=year_end(year_start),
                description=f"service charge {year_start:%Y}/{year_end(year_start):%y}: actual £{b.actual_share} "
                            f"less estimate £{b.estimate_invoiced}",
                lines=[{"description": f"actual cost (your share{_part_year(year_start, leases[b.account_ref][1])})",
                        "amount": str(b.actual_share)},
                       {"description": "estimate invoiced", "amount": str(-b.estimate_invoiced)}])
        for b in balances], actor)
    await uow.session.execute(update(year_t).where(
        year_t.c.scheme_ref == scheme_ref, year_t.c.year_start == year_start).values(
        actual_cost=actual.amount, actual_lines=[{k: str(v) for k, v in ln.items()} for ln in actual_lines],
        balanced_by=actor, balanced_at=func.now()))
    await audit.record(uow.session, actor=actor, action="balance", entity="service_charge_year",
                       entity_id=f"{scheme_ref}:{year_start}",
                       after={"actual_cost": str(actual), "estimated_cost": str(year["estimated_cost"])})
    return [{"account_ref": b.account_ref, "estimate_invoiced": b.estimate_invoiced, "actual_share": b.actual_share,
             "balancing": b.amount} for b in balances]


async def record_section20(uow: UnitOfWork, consultation: rules.Consultation, scheme_ref: str, description: str,
                           actor: str) -> None:
    found = await uow.session.execute(select(s20_t.c.works_ref).where(s20_t.c.works_ref == consultation.works_ref))
    if found.first():
        raise Conflict(f"a Section 20 consultation for works {consultation.works_ref} is already recorded")
    await uow.session.execute(s20_t.insert().values(
        works_ref=consultation.works_ref, scheme_ref=scheme_ref, description=description,
        notice_of_intention_on=consultation.notice_of_intention_on,
        estimates_notice_on=consultation.estimates_notice_on, completed_on=consultation.completed_on,
        dispensation=consultation.dispensation, recorded_by=actor))
    await audit.record(uow.session, actor=actor, action="record_section20", entity="major_works",
                       entity_id=consultation.works_ref,
                       after={"completed_on": str(consultation.completed_on),
                              "dispensation": consultation.dispensation})


async def _consultation(uow: UnitOfWork, works_ref: str, scheme_ref: str) -> rules.Consultation | None:
    row = (await uow.session.execute(select(s20_t).where(s20_t.c.works_ref == works_ref))).mappings().first()
    if row is None:
        return None
    if row["scheme_ref"] != scheme_ref:
        raise BillingError(f"the Section 20 consultation for works {works_ref} is for scheme {row['scheme_ref']}")
    return rules.Consultation(works_ref, row["notice_of_intention_on"], row["estimates_notice_on"],
                              row["completed_on"], row["dispensation"])


async def invoice_major_works(uow: UnitOfWork, scheme_ref: str, works_ref: str, cost: Money, invoice_date: date,
                              due_date: date, description: str, actor: str) -> list[Invoice]:
    if cost <= 0:
        raise BillingError("the cost of the works must be more than zero")
    parts = rules.apportion(cost, await scheme_shares(uow, scheme_ref))
    rules.section20_guard(works_ref, parts, await _consultation(uow, works_ref, scheme_ref), invoice_date)
    return await raise_invoices(uow, [
        Invoice(invoice_ref=f"MW-{works_ref}-{ref}", run_ref=f"major_works:{works_ref}", account_ref=ref,
                invoice_type="major_works", amount=part, due_date=due_date, charge_type=ChargeType.MAJOR_WORKS,
                scheme_ref=scheme_ref, works_ref=works_ref, description=f"major works {works_ref}: {description}")
        for ref, part in parts.items()], actor)


async def invoice_ground_rent(uow: UnitOfWork, scheme_ref: str, period_from: date, period_to: date, due_date: date,
                              actor: str) -> list[Invoice]:
    """Each lease's ground rent for the period (the annual amount by the day for a part
    year, and from the lease's start for a lease that starts during the period)."""
    if period_to < period_from or period_to > year_end(period_from):
        raise BillingError("a ground rent period runs forward and is at most a year")
    open_refs = ledger_accounts.open_account_refs().subquery()
    rows = await uow.session.execute(
        select(lease_t.c.account_ref, lease_t.c.ground_rent_annual, lease_t.c.starts_on)
        .join_from(lease_t, open_refs, open_refs.c.account_ref == lease_t.c.account_ref)
        .where(lease_t.c.scheme_ref == scheme_ref,
               lease_t.c.ground_rent_annual > 0, lease_t.c.starts_on <= period_to))
    year_days = (year_end(period_from) - period_from).days + 1
    invoices = []
    for r in rows:
        first = max(period_from, r.starts_on)
        invoices.append(Invoice(
            invoice_ref=f"GR-{period_from:%Y%m%d}-{r.account_ref}", run_ref=f"ground_rent:{scheme_ref}:{period_from}",
            account_ref=r.account_ref, invoice_type="ground_rent",
            amount=Money.rounded(r.ground_rent_annual * ((period_to - first).days + 1) / year_days),
            due_date=max(due_date, first), charge_type=ChargeType.GROUND_RENT, scheme_ref=scheme_ref,
            period_from=first, period_to=period_to, description=f"ground rent {first} to {period_to}"))
    return await raise_invoices(uow, invoices, actor)
