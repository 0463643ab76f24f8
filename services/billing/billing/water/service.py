"""Water charges: the agreement with the water company (audited, effective-dated) and the
reconciliation for a period — water debited, collected, void allowance, commission and
the amount payable — stored with its lines so it can be explained and re-checked."""

from __future__ import annotations

import uuid
from dataclasses import fields
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select

from billing.errors import BillingError, Conflict, NotFound
from billing.ledger.collection_queries import charge_collection
from billing.water import rules
from billing.water.tables import water_agreement_table as agreement_t
from billing.water.tables import water_reconciliation_line_table as line_t
from billing.water.tables import water_reconciliation_table as recon_t
from shared import audit
from shared.contracts.types import ChargeType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money


def _as_dict(obj: Any) -> dict[str, Any]:
    # Not dataclasses.asdict: it deep-copies, and Money is immutable.
    return {f.name: getattr(obj, f.name) for f in fields(obj)}


async def set_agreement(uow: UnitOfWork, effective_from: date, agreement: rules.WaterAgreement, actor: str,
                        reason: str) -> None:
    found = await uow.session.execute(select(agreement_t.c.id).where(agreement_t.c.effective_from == effective_from))
    if found.first():
        raise Conflict(f"a water agreement from {effective_from} is already recorded; record one from another date")
    await uow.session.execute(insert(agreement_t).values(
        effective_from=effective_from, void_allowance_rate=agreement.void_allowance_rate,
        commission_rate=agreement.commission_rate, basis=agreement.basis, set_by=actor, reason=reason))
    await audit.record(uow.session, actor=actor, action="set_water_agreement", entity="water_agreement",
                       entity_id=str(effective_from), after={k: str(v) for k, v in _as_dict(agreement).items()},
                       reason=reason)


async def agreements(uow: UnitOfWork) -> list[dict[str, Any]]:
    rows = await uow.session.execute(select(agreement_t).order_by(agreement_t.c.effective_from))
    return [dict(r) for r in rows.mappings()]


async def agreement_on(uow: UnitOfWork, day: date) -> rules.WaterAgreement:
    row = (await uow.session.execute(select(agreement_t).where(agreement_t.c.effective_from <= day)
                                     .order_by(agreement_t.c.effective_from.desc()).limit(1))).mappings().first()
    if row is None:
        raise BillingError(f"no water agreement is in force on {day}; record one first (POST /water/agreements)")
    return rules.WaterAgreement(row["void_allowance_rate"], row["commission_rate"], row["basis"])


async def account_lines(uow: UnitOfWork, date_from: date, date_to: date) -> list[rules.AccountWater]:
    found = await charge_collection(uow.session, ChargeType.WATER, date_from, date_to)
    return [rules.AccountWater(c.account_ref, c.debited, c.part_debited, c.receipts) for c in found]


def _figures(figures: rules.WaterFigures, agreement: rules.WaterAgreement) -> dict[str, Any]:
    return {**{k: str(v) for k, v in _as_dict(figures).items()}, "explained": figures.explained(agreement)}


async def reconcile(uow: UnitOfWork, date_from: date, date_to: date, payment_due: date, actor: str) -> uuid.UUID:
    if date_from > date_to:
        raise BillingError(f"the period starts ({date_from}) after it ends ({date_to})")
    found = await uow.session.execute(select(recon_t.c.reconciliation_id).where(
        recon_t.c.period_from <= date_to, recon_t.c.period_to >= date_from))
    if found.first():
        raise Conflict(f"a water reconciliation already covers part of {date_from} to {date_to}")
    agreement = await agreement_on(uow, date_from)
    lines = await account_lines(uow, date_from, date_to)
    figures = rules.reconcile(lines, agreement)
    recon_id = uuid.uuid4()
    await uow.session.execute(insert(recon_t).values(
        reconciliation_id=recon_id, period_from=date_from, period_to=date_to,
        agreement={k: str(v) for k, v in _as_dict(agreement).items()}, figures=_figures(figures, agreement),
        payable=figures.payable.amount, payment_due=payment_due, created_by=actor))
    if lines:
        await uow.session.execute(insert(line_t), [
            {"reconciliation_id": recon_id, "account_ref": ln.account_ref, "debited": ln.debited.amount,
             "water_debited": ln.water_debited.amount, "receipts": ln.receipts.amount,
             "water_collected": ln.water_collected.amount} for ln in lines])
    await audit.record(uow.session, actor=actor, action="reconcile", entity="water_reconciliation",
                       entity_id=str(recon_id), after={"from": str(date_from), "to": str(date_to),
                                                       "payable": str(figures.payable)})
    return recon_id


async def get_reconciliation(uow: UnitOfWork, recon_id: uuid.UUID) -> dict[str, Any]:
    row = (await uow.session.execute(select(recon_t).where(recon_t.c.reconciliation_id == recon_id))).mappings().first()
    if row is None:
        raise NotFound(f"water reconciliation {recon_id} does not exist")
    return dict(row)


async def recheck(uow: UnitOfWork, recon_id: uuid.UUID) -> dict[str, Any]:
    """Work the reconciliation out again from the ledger and the agreement it used: the
    same figures unless postings in the period have been added since."""
    stored = await get_reconciliation(uow, recon_id)
    used = stored["agreement"]
    agreement = rules.WaterAgreement(Decimal(used["void_allowance_rate"]),
                                     Decimal(used["commission_rate"]), used["basis"])
    again = _figures(rules.reconcile(await account_lines(uow, stored["period_from"], stored["period_to"]), agreement),
                     agreement)
    return {"reconciliation_id": recon_id, "matches": again == stored["figures"], "stored": stored["figures"],
            "recomputed": again}


async def reconciliation_lines(uow: UnitOfWork, recon_id: uuid.UUID, limit: int, after: str) -> list[dict[str, Any]]:
    await get_reconciliation(uow, recon_id)
    rows = await uow.session.execute(select(line_t).where(line_t.c.reconciliation_id == recon_id,
                                                          line_t.c.account_ref > after)
                                     .order_by(line_t.c.account_ref).limit(limit))
    return [dict(r) for r in rows.mappings()]


async def payment_schedule(uow: UnitOfWork) -> list[dict[str, Any]]:
    rows = await uow.session.execute(select(recon_t).order_by(recon_t.c.period_from))
    return [{"reconciliation_id": r["reconciliation_id"], "period_from": r["period_from"],
             "period_to": r["period_to"], "payment_due": r["payment_due"],
             **{k: r["figures"][k] for k in ("water_debited", "water_collected", "void_allowance", "commission",
                                            "accounts")},
             "payable": Money(r["payable"])} for r in rows.mappings()]
