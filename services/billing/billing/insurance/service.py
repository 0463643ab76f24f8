"""Home contents insurance: a tenant opts in from a date at a weekly premium, which is
added to the tenancy's charge schedule as a home_contents_insurance charge, so the
normal weekly debit run charges it (once per account and week, like every charge);
opting out or the tenancy ending stops the charge and the cover."""

from __future__ import annotations

import uuid
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, or_, select, update

from billing.charges import service as charge_changes
from billing.errors import BillingError, Conflict, NotFound
from billing.insurance.tables import insurance_cover_table as covers
from billing.ledger import accounts as ledger_accounts
from billing.ledger.collection_queries import charge_collection
from billing.tenancies import queries as tenancies_queries
from billing.tenancies.events import TenancyEnded
from shared import audit
from shared.contracts.types import ChargeType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money, total

PREMIUM = ChargeType.HOME_CONTENTS_INSURANCE


async def _live_cover(session: Any, tenancy_ref: str) -> dict[str, Any] | None:
    row = (await session.execute(select(covers).where(covers.c.tenancy_ref == tenancy_ref, covers.c.ends_on.is_(None))
                                 .with_for_update())).mappings().first()
    return dict(row) if row else None


async def opt_in(uow: UnitOfWork, tenancy_ref: str, starts_on: date, weekly_premium: Money, sum_insured: Money,
                 actor: str) -> uuid.UUID:
    tenancy = await tenancies_queries.tenancy(uow.session, tenancy_ref, for_update=True)
    if tenancy is None:
        raise NotFound(f"tenancy {tenancy_ref} does not exist")
    if tenancy["end_date"] is not None:
        raise Conflict(f"tenancy {tenancy_ref} ended on {tenancy['end_date']}")
    if weekly_premium <= 0 or sum_insured <= 0:
        raise BillingError("the weekly premium and the sum insured must be more than zero")
    if starts_on < tenancy["start_date"]:
        raise BillingError(f"cover cannot start before the tenancy started on {tenancy['start_date']}")
    if await _live_cover(uow.session, tenancy_ref):
        raise Conflict(f"tenancy {tenancy_ref} already has home contents insurance")
    account_ref = await ledger_accounts.rent_account_of(uow.session, tenancy_ref)
    assert account_ref is not None
    await charge_changes.change_charges(uow, account_ref, starts_on, {PREMIUM: weekly_premium},
                                         "home contents insurance opt-in", actor)
    cover_id = uuid.uuid4()
    await uow.session.execute(insert(covers).values(
        cover_id=cover_id, tenancy_ref=tenancy_ref, account_ref=account_ref, weekly_premium=weekly_premium.amount,
        sum_insured=sum_insured.amount, starts_on=starts_on, opted_in_by=actor))
    await audit.record(uow.session, actor=actor, action="insurance_opt_in", entity="tenancy", entity_id=tenancy_ref,
                       after={"cover_id": str(cover_id), "from": str(starts_on), "weekly_premium": str(weekly_premium),
                              "sum_insured": str(sum_insured)})
    return cover_id


async def opt_out(uow: UnitOfWork, tenancy_ref: str, last_day: date, reason: str, actor: str) -> None:
    """Cover and premium end after ``last_day``; weeks already debited beyond it are re-priced."""
    cover = await _live_cover(uow.session, tenancy_ref)
    if cover is None:
        raise NotFound(f"tenancy {tenancy_ref} has no home contents insurance")
    if last_day < cover["starts_on"] - timedelta(days=1):
        raise BillingError(f"cover started on {cover['starts_on']}; it cannot end before that")
    await charge_changes.change_charges(uow, cover["account_ref"], last_day + timedelta(days=1),
                                         {PREMIUM: Money.zero()}, f"home contents insurance opt-out: {reason}", actor)
    await _end(uow, cover, last_day, reason, actor)


async def _end(uow: UnitOfWork, cover: dict[str, Any], last_day: date, reason: str, actor: str) -> None:
    await uow.session.execute(update(covers).where(covers.c.cover_id == cover["cover_id"]).values(
        ends_on=last_day, end_reason=reason, opted_out_by=actor))
    await audit.record(uow.session, actor=actor, action="insurance_end", entity="tenancy",
                       entity_id=cover["tenancy_ref"], reason=reason,
                       before={"cover_id": str(cover["cover_id"]), "ends_on": None}, after={"ends_on": str(last_day)})


async def tenancy_ended(ended: TenancyEnded, uow: UnitOfWork) -> None:
    """Reacts to a termination (which has already ended every charge): the cover ends too."""
    cover = await _live_cover(uow.session, ended.tenancy_ref)
    if cover is not None:
        await _end(uow, cover, max(ended.last_day, cover["starts_on"] - timedelta(days=1)), "tenancy ended",
                   ended.actor)


async def covers_of(session: Any, tenancy_ref: str) -> list[dict[str, Any]]:
    rows = await session.execute(select(covers).where(covers.c.tenancy_ref == tenancy_ref)
                                 .order_by(covers.c.starts_on))
    return [dict(r) for r in rows.mappings()]


async def insurer_report(session: Any, date_from: date, date_to: date) -> dict[str, Any]:
    """Tenancies insured at any time in the period, the premiums debited to them and the
    premiums collected: each account's receipts in the period apportioned to the premium
    by the rule the water reconciliation uses (ledger/collection.py)."""
    if date_to < date_from:
        raise BillingError("date_to is before date_from")
    rows = [dict(r) for r in (await session.execute(select(covers).where(
        covers.c.starts_on <= date_to, or_(covers.c.ends_on.is_(None), covers.c.ends_on >= date_from))
        .order_by(covers.c.tenancy_ref, covers.c.starts_on))).mappings()]
    found = {c.account_ref: c for c in await charge_collection(
        session, PREMIUM, date_from, date_to, refs=sorted({r["account_ref"] for r in rows}))}
    # An account's premiums are reported once, on its latest cover in the period.
    latest = {r["account_ref"]: r["cover_id"] for r in rows}
    lines = []
    for r in rows:
        figures = found.get(r["account_ref"]) if latest[r["account_ref"]] == r["cover_id"] else None
        lines.append({**r, "premiums_charged": figures.part_debited if figures else Money.zero(),
                      "premiums_collected": figures.collected if figures else Money.zero()})
    return {"date_from": date_from, "date_to": date_to, "covers": lines,
            "insured_tenancies": len({r["tenancy_ref"] for r in rows}),
            "premiums_charged": total(line["premiums_charged"] for line in lines),
            "premiums_collected": total(line["premiums_collected"] for line in lines)}
