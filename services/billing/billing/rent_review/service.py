"""Annual review use cases: preview a policy's new charges (saved, so the commit applies
exactly what was previewed), then commit them from the rent year's first week."""

from __future__ import annotations

import uuid
from dataclasses import fields
from datetime import date
from typing import Any

from sqlalchemy import insert, select, text, tuple_, update

from billing.charges import queries as charge_queries
from billing.charges import service as charge_changes
from billing.charges.rules import charge_lines
from billing.configuration.service import rent_free_weeks, rent_free_weeks_of
from billing.errors import BillingError, Conflict, NotFound
from billing.leasehold import queries as leasehold
from billing.leasehold.rules import LEASE_INVOICED
from billing.ledger import accounts as ledger_accounts
from billing.rent_review import rules
from billing.rent_review.tables import rent_review_line_table as line_t
from billing.rent_review.tables import rent_review_table as review_t
from shared import audit
from shared.calendar import RentYear
from shared.contracts.billing import RentVariedV1
from shared.contracts.types import AccountType, ChargeType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

EVENT_BATCH = 1000


def policy_json(policy: rules.ReviewPolicy) -> dict[str, Any]:
    return {
        "kind": policy.kind, "uplift_percent": {t.value: str(p) for t, p in policy.uplift_percent.items()},
        "cap_percent": None if policy.cap_percent is None else str(policy.cap_percent),
        "convergence_step": str(policy.convergence_step), "targets": len(policy.targets),
        "new_rents": len(policy.new_rents), "outlier_percent": str(policy.outlier_percent),
    }


async def preview(uow: UnitOfWork, rent_year: int, policy: rules.ReviewPolicy, reason: str, actor: str,
                  rejected: list[dict[str, Any]] | None = None) -> uuid.UUID:
    starts = rules.effective_from(rent_year)
    current = await charge_queries.open_accounts_charges(uow.session, starts)
    rejected = list(rejected or [])
    if policy.kind == "file":
        refs = sorted({ref for ref, _ in policy.new_rents})
        open_refs = await ledger_accounts.open_among(uow.session, refs)
        for ref in refs:
            if ref in open_refs:
                current.setdefault(ref, {})
            else:
                rejected.append({"line": None, "account_ref": ref, "reason": "no open account with this reference"})
    lines, refused = await _without_lease_invoiced(uow, rules.review(policy, current))
    rejected += refused
    if not lines:
        raise BillingError("the policy gives no new charges: no open account has the reviewed charge types")
    weeks = RentYear(rent_year).collectable_weeks(set(await rent_free_weeks(uow.session, rent_year)))
    review_id = uuid.uuid4()
    await uow.session.execute(insert(review_t).values(
        review_id=review_id, rent_year=rent_year, effective_from=starts, policy=policy_json(policy),
        status="preview", totals=_json_totals(rules.totals(lines, weeks)), rejected_lines=rejected,
        created_by=actor, reason=reason))
    await uow.session.execute(insert(line_t), [
        {"review_id": review_id, "account_ref": ln.account_ref, "charge_type": ln.charge_type.value,
         "old_amount": ln.old_amount.amount, "new_amount": ln.new_amount.amount, "capped": ln.capped,
         "outlier": ln.outlier, "note": ln.note} for ln in lines])
    await audit.record(uow.session, actor=actor, action="preview", entity="rent_review", entity_id=str(review_id),
                       after={"rent_year": rent_year, **policy_json(policy)}, reason=reason)
    return review_id


async def _without_lease_invoiced(uow: UnitOfWork, lines: list[rules.ReviewLine]
                                  ) -> tuple[list[rules.ReviewLine], list[dict[str, Any]]]:
    """A leased account's lease invoices its service charge and ground rent: no weekly
    amount for them (0.00, which ends one, is kept)."""
    wanted = [ln for ln in lines if ln.charge_type in LEASE_INVOICED and ln.new_amount > 0]
    leased = await leasehold.lease_starts(uow.session, {ln.account_ref for ln in wanted})
    refused = {(ln.account_ref, ln.charge_type) for ln in wanted if ln.account_ref in leased}
    return [ln for ln in lines if (ln.account_ref, ln.charge_type) not in refused], [
        {"line": None, "account_ref": ref,
         "reason": f"account has a lease from {leased[ref]}, which invoices its {charge_type.value}: "
                   f"no weekly {charge_type.value} charge"} for ref, charge_type in sorted(refused)]


def _json_totals(t: rules.ReviewTotals) -> dict[str, Any]:
    values = {f.name: getattr(t, f.name) for f in fields(t)}
    return {k: (str(v) if isinstance(v, Money) else v) for k, v in values.items()}


async def get_review(uow: UnitOfWork, review_id: uuid.UUID, *, for_update: bool = False) -> dict[str, Any]:
    query = select(review_t).where(review_t.c.review_id == review_id)
    row = (await uow.session.execute(query.with_for_update() if for_update else query)).mappings().first()
    if row is None:
        raise NotFound(f"rent review {review_id} does not exist")
    return dict(row)


async def review_lines(uow: UnitOfWork, review_id: uuid.UUID, *, only: str | None = None,
                       limit: int | None = None, after: tuple[str, str] = ("", "")) -> list[dict[str, Any]]:
    query = select(line_t).where(line_t.c.review_id == review_id,
                                 tuple_(line_t.c.account_ref, line_t.c.charge_type) > tuple_(*after))
    if only == "capped":
        query = query.where(line_t.c.capped)
    elif only == "outliers":
        query = query.where(line_t.c.outlier)
    query = query.order_by(line_t.c.account_ref, line_t.c.charge_type)
    rows = await uow.session.execute(query.limit(limit) if limit else query)
    return [dict(r) for r in rows.mappings()]


async def commit(uow: UnitOfWork, review_id: uuid.UUID, today: date, actor: str) -> dict[str, Any]:
    review = await get_review(uow, review_id, for_update=True)
    if review["status"] != "preview":
        raise Conflict(f"rent review {review_id} is {review['status']}")
    rules.check_in_time(review["rent_year"], today)
    starts = review["effective_from"]
    lines = await review_lines(uow, review_id)
    refs = sorted({ln["account_ref"] for ln in lines})
    locked = await ledger_accounts.lock_kinds(uow.session, refs)
    kinds = {r.account_ref: AccountType(r.account_type) for r in locked}
    schedules = await _refuse_stale(uow, lines, refs, starts)
    reason = f"rent review {review['rent_year']} ({review_id})"
    await charge_changes.change_many(uow, lines, kinds, starts, actor, reason)
    await _announce(uow, review_id, lines, schedules, starts)
    await uow.session.execute(update(review_t).where(review_t.c.review_id == review_id).values(
        status="committed", committed_by=actor, committed_at=text("now()")))
    await audit.record(uow.session, actor=actor, action="commit", entity="rent_review", entity_id=str(review_id),
                       before={"status": "preview"}, after={"status": "committed", "accounts": len(refs),
                                                            "effective_from": str(starts)},
                       reason=review["reason"])
    return await get_review(uow, review_id)


async def _refuse_stale(uow: UnitOfWork, lines: list[dict[str, Any]], refs: list[str],
                        starts: date) -> dict[str, dict[ChargeType, Money]]:
    """The commit applies what was previewed: refuse if charges moved since the preview,
    or a lease was set that invoices a charge the preview gives weekly. Returns the
    schedules as they stand (locked), which the commit then varies."""
    now = await charge_queries.open_accounts_charges(uow.session, starts)
    moved = sorted({ln["account_ref"] for ln in lines
                    if now.get(ln["account_ref"], {}).get(ChargeType(ln["charge_type"]), Money.zero())
                    != Money(ln["old_amount"])})
    later = await charge_queries.changed_from(uow.session, refs, starts)
    leased = await leasehold.lease_starts(uow.session, {
        ln["account_ref"] for ln in lines if ChargeType(ln["charge_type"]) in LEASE_INVOICED and ln["new_amount"] > 0})
    problems = sorted(set(moved) | set(later) | set(leased))
    if problems:
        raise Conflict(f"charges changed (or a lease was set) since the preview on {len(problems)} account(s) "
                       f"({', '.join(problems[:10])}); preview again")
    return now


async def _announce(uow: UnitOfWork, review_id: uuid.UUID, lines: list[dict[str, Any]],
                    before: dict[str, dict[ChargeType, Money]], starts: date) -> None:
    """One RentVaried per account with its whole new schedule (the charges the review left
    alone included), so notifications can send the notice of variation and payments can
    recalculate Direct Debits."""
    varied: dict[str, dict[ChargeType, Money]] = {}
    for ln in lines:
        varied.setdefault(ln["account_ref"], {})[ChargeType(ln["charge_type"])] = Money(ln["new_amount"])
    accounts = await ledger_accounts.tenancies_and_kinds(uow.session, sorted(varied))
    free = await rent_free_weeks_of(uow.session, starts)
    for n, row in enumerate(accounts, start=1):
        old = before.get(row.account_ref, {})
        new = {t: a for t, a in {**old, **varied[row.account_ref]}.items() if a > 0}
        uow.emit(RentVariedV1(
            account_ref=row.account_ref, tenancy_ref=row.tenancy_ref, effective_from=starts,
            old_weekly_total=sum(old.values(), Money.zero()), new_weekly_total=sum(new.values(), Money.zero()),
            charges=charge_lines(new, AccountType(row.account_type)), notice_required_by=starts - rules.NOTICE_PERIOD,
            review_id=review_id, rent_free_weeks=free))
        if n % EVENT_BATCH == 0:
            await uow.flush_events()
