"""The void properties register: a void opens when a tenancy ends (unless the next
letting starts the next day, or the home left the stock) and closes when the next
tenancy starts; staff record other voids (major works...) by hand. The register
report gives days empty (council tax) and rent lost in a period."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import delete, insert, or_, select, update

from billing.charges import queries as charge_queries
from billing.configuration.service import rent_free_weeks
from billing.errors import BillingError, Conflict, NotFound
from billing.ledger import accounts as ledger_accounts
from billing.tenancies import queries as tenancies_queries
from billing.tenancies.events import TenancyEnded, TenancyLet
from billing.voids import rules
from billing.voids.tables import void_table as voids
from shared import audit
from shared.contracts.types import ChargeType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money


def _charges_json(charges: dict[ChargeType, Money]) -> dict[str, str]:
    return {t.value: str(a) for t, a in charges.items()}


def _charges(raw: dict[str, str]) -> dict[ChargeType, Money]:
    return {ChargeType(t): Money(a) for t, a in raw.items()}


async def _open_void(session: Any, property_ref: str) -> dict[str, Any] | None:
    row = (await session.execute(select(voids).where(voids.c.property_ref == property_ref, voids.c.ends_on.is_(None))
                                 .with_for_update())).mappings().first()
    return dict(row) if row else None


async def _last_charges(session: Any, property_ref: str, before: date) -> dict[ChargeType, Money]:
    """The charges of the last rent account on the property on its last charged day."""
    accounts = await ledger_accounts.rent_accounts_on(session, property_ref)
    tenancies = await tenancies_queries.tenancies_of(session, sorted({a.tenancy_ref for a in accounts
                                                                      if a.tenancy_ref is not None}))
    let = [(tenancies[a.tenancy_ref], a.account_ref) for a in accounts
           if a.tenancy_ref in tenancies and tenancies[a.tenancy_ref]["start_date"] <= before]
    if not let:
        return {}
    tenancy, account_ref = max(let, key=lambda found: found[0]["start_date"])
    day = min(tenancy["end_date"] or before, before)
    return charge_queries.active_on(await charge_queries.charge_rows(session, account_ref), day)


async def tenancy_ended(ended: TenancyEnded, uow: UnitOfWork) -> None:
    """Reacts to a termination: the home is void from the day after, at the ended charges."""
    starts = ended.last_day + timedelta(days=1)
    disposed = await tenancies_queries.disposed_by(uow.session, ended.property_ref, starts)
    next_letting = await tenancies_queries.letting_on_or_after(uow.session, ended.property_ref, starts,
                                                               started_by=starts, other_than=ended.tenancy_ref)
    if disposed or next_letting or await _open_void(uow.session, ended.property_ref):
        return
    charges = rules.lost_charges(charge_queries.active_on(
        await charge_queries.charge_rows(uow.session, ended.account_ref), ended.last_day))
    await _insert(uow, ended.property_ref, starts, "tenancy_ended", None, True, charges, ended.actor,
                  previous=ended.tenancy_ref)


async def _insert(uow: UnitOfWork, property_ref: str, starts: date, reason: str, note: str | None,
                  automatic: bool, charges: dict[ChargeType, Money], actor: str,
                  previous: str | None = None) -> uuid.UUID:
    void_id = uuid.uuid4()
    await uow.session.execute(insert(voids).values(
        void_id=void_id, property_ref=property_ref, starts_on=starts, reason=reason, note=note, automatic=automatic,
        previous_tenancy_ref=previous, weekly_charges=_charges_json(charges),
        weekly_loss=rules.weekly_loss(charges).amount, created_by=actor))
    await audit.record(uow.session, actor=actor, action="void_start", entity="property", entity_id=property_ref,
                       after={"void_id": str(void_id), "from": str(starts), "reason": reason,
                              "weekly_loss": str(rules.weekly_loss(charges))}, reason=note)
    return void_id


async def tenancy_let(let: TenancyLet, uow: UnitOfWork) -> None:
    """Reacts to a tenancy starting: the open void on the home ends the day before."""
    property_ref, tenancy_ref, start_date, actor = let.property_ref, let.tenancy_ref, let.start_date, let.actor
    void = await _open_void(uow.session, property_ref)
    if void is None:
        return
    if start_date == void["starts_on"] and void["automatic"]:
        # Re-let the day after the last tenancy ended: the home was never empty.
        await uow.session.execute(delete(voids).where(voids.c.void_id == void["void_id"]))
        await audit.record(uow.session, actor=actor, action="void_cancel", entity="property", entity_id=property_ref,
                           before={"void_id": str(void["void_id"]), "from": str(void["starts_on"])},
                           after={"next_tenancy": tenancy_ref}, reason="re-let without a day empty")
        return
    if start_date <= void["starts_on"]:
        raise Conflict(f"property {property_ref} is recorded void from {void['starts_on']}; "
                       f"a letting from {start_date} would overlap it")
    await _close(uow, void, start_date - timedelta(days=1), actor, next_tenancy=tenancy_ref)


async def _close(uow: UnitOfWork, void: dict[str, Any], ends: date, actor: str,
                 next_tenancy: str | None = None) -> None:
    await uow.session.execute(update(voids).where(voids.c.void_id == void["void_id"]).values(
        ends_on=ends, ended_by=actor, next_tenancy_ref=next_tenancy))
    await audit.record(uow.session, actor=actor, action="void_end", entity="property",
                       entity_id=void["property_ref"],
                       after={"void_id": str(void["void_id"]), "to": str(ends), "next_tenancy": next_tenancy})


async def record_void(uow: UnitOfWork, property_ref: str, starts: date, reason: str, note: str | None,
                      weekly_charges: dict[ChargeType, Money] | None, actor: str) -> uuid.UUID:
    """A void staff record by hand (e.g. a home empty for major works)."""
    if reason not in rules.VOID_REASONS:
        raise BillingError(f"void reason must be one of {', '.join(rules.VOID_REASONS)}")
    if await tenancies_queries.property_exists(uow.session, property_ref) is None:
        raise NotFound(f"property {property_ref} does not exist")
    if await _open_void(uow.session, property_ref):
        raise Conflict(f"property {property_ref} is already recorded as void")
    let = await tenancies_queries.letting_on_or_after(uow.session, property_ref, starts)
    if let:
        raise Conflict(f"property {property_ref} is let (tenancy {let}) on or after {starts}")
    charges = weekly_charges if weekly_charges is not None else await _last_charges(uow.session, property_ref, starts)
    if not rules.lost_charges(charges):
        raise BillingError(f"property {property_ref} has no earlier charges to price its rent loss; "
                           "give weekly_charges")
    return await _insert(uow, property_ref, starts, reason, note, False, rules.lost_charges(charges), actor)


async def end_void(uow: UnitOfWork, void_id: uuid.UUID, ends: date, actor: str) -> None:
    row = (await uow.session.execute(select(voids).where(voids.c.void_id == void_id).with_for_update())
           ).mappings().first()
    if row is None:
        raise NotFound(f"void {void_id} does not exist")
    if row["ends_on"] is not None:
        raise Conflict(f"void {void_id} already ended on {row['ends_on']}")
    if ends < row["starts_on"]:
        raise BillingError(f"a void cannot end before it started on {row['starts_on']}")
    await _close(uow, dict(row), ends, actor)


async def _rent_free(session: Any, first: date, last: date) -> dict[int, set[int]]:
    years = range(first.year - 1, last.year + 1)
    return {y: set(await rent_free_weeks(session, y)) for y in years}


async def register(session: Any, date_from: date, date_to: date, property_ref: str | None = None
                   ) -> dict[str, Any]:
    """Voids meeting the period, each with its days empty and rent lost inside it."""
    if date_to < date_from:
        raise BillingError("date_to is before date_from")
    places = tenancies_queries.property_places().subquery()
    query = (select(voids, places.c.patch, places.c.postcode)
             .join(places, places.c.property_ref == voids.c.property_ref)
             .where(voids.c.starts_on <= date_to, or_(voids.c.ends_on.is_(None), voids.c.ends_on >= date_from))
             .order_by(voids.c.property_ref, voids.c.starts_on))
    if property_ref is not None:
        query = query.where(voids.c.property_ref == property_ref)
    free = await _rent_free(session, date_from, date_to)
    lines, days, loss = [], 0, Money.zero()
    for row in (await session.execute(query)).mappings():
        inside = rules.void_days(row["starts_on"], row["ends_on"], date_from, date_to)
        assert inside is not None
        lost = rules.rent_loss(_charges(row["weekly_charges"]), *inside, free)
        count = (inside[1] - inside[0]).days + 1
        days, loss = days + count, loss + lost
        lines.append({**{k: row[k] for k in ("void_id", "property_ref", "patch", "postcode", "starts_on", "ends_on",
                                                 "reason", "note", "automatic", "previous_tenancy_ref",
                                                 "next_tenancy_ref", "weekly_charges")},
                      "weekly_loss": Money(row["weekly_loss"]), "days_in_period": count,
                      "empty_from": inside[0], "empty_to": inside[1], "rent_loss": lost})
    return {"date_from": date_from, "date_to": date_to, "voids": lines, "total_days": days, "total_rent_loss": loss}
