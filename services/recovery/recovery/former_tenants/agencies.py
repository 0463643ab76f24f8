"""Debt collection agencies: referral batches (with their export), recalls,
commission on what they collect, and side-by-side performance."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from decimal import Decimal
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as upsert

from recovery.errors import Conflict, NotFound, RecoveryError
from recovery.former_tenants import service as former_tenants
from recovery.former_tenants.limitation import limitation_date
from recovery.former_tenants.tables import dca_agency_table as agencies
from recovery.former_tenants.tables import dca_batch_table as batches
from recovery.former_tenants.tables import dca_referral_table as referrals
from recovery.positions import queries as positions
from shared import audit
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

EXPORT_COLUMNS = ["referral_id", "account_ref", "tenancy_ref", "debtor_names", "last_known_address",
                  "tenancy_ended_on", "balance", "last_payment_on", "limitation_date"]


async def save_agency(uow: UnitOfWork, code: str, name: str, commission: Decimal, active: bool, actor: str) -> None:
    before = (await uow.session.execute(select(agencies).where(agencies.c.agency_code == code))).mappings().first()
    stmt = upsert(agencies).values(agency_code=code, name=name, commission_percent=commission, active=active,
                                   updated_by=actor)
    await uow.session.execute(stmt.on_conflict_do_update(index_elements=[agencies.c.agency_code], set_={
        "name": name, "commission_percent": commission, "active": active, "updated_by": actor}))
    await audit.record(uow.session, actor=actor, action="update" if before else "create", entity="dca_agency",
                       entity_id=code, before={"commission_percent": str(before["commission_percent"]),
                                               "active": before["active"]} if before else None,
                       after={"commission_percent": str(commission), "active": active})


REFERABLE = text(f"""
SELECT f.fta_id, f.account_ref, f.tenancy_ref, f.tenancy_ended_on, f.last_acknowledged_on, f.traced_address,
       f.benefit_check, f.benefit_due, f.benefit_credited_at_check, p.balance, p.tenants, p.forwarding_address,
       {positions.last_payment_on_of("f.account_ref")} AS last_payment_on
FROM fta_case f JOIN ({positions.BALANCES}) p ON p.account_ref = f.account_ref
WHERE f.status = 'open' AND p.balance >= :min_balance
  AND (CAST(:only AS uuid[]) IS NULL OR f.fta_id = ANY(CAST(:only AS uuid[])))
  AND NOT EXISTS (SELECT 1 FROM dca_referral r WHERE r.fta_id = f.fta_id AND r.status = 'placed')
ORDER BY p.balance DESC, f.account_ref
""")


async def refer_batch(uow: UnitOfWork, agency_code: str, on: date, min_balance: Money, limit: int,
                      fta_ids: list[uuid.UUID] | None, actor: str) -> tuple[uuid.UUID, str, list[dict[str, Any]]]:
    """Place every eligible open case (not already placed, not statute-barred, its benefit
    check done where required) with the agency, for its balance less what the benefit may
    still pay; returns the batch id, its CSV export and the cases held back with why."""
    agency = (await uow.session.execute(select(agencies).where(agencies.c.agency_code == agency_code))
              ).mappings().first()
    if agency is None or not agency["active"]:
        raise NotFound(f"no active agency {agency_code}")
    rows = (await uow.session.execute(REFERABLE, {"min_balance": min_balance.amount, "only": fta_ids})
            ).mappings().all()
    checks = await former_tenants.benefit_checks(uow, rows)
    lines, placed, held = [], [], []
    batch_id = uuid.uuid4()
    for row in rows:
        if len(placed) == limit:
            break
        limit_on = limitation_date(row["tenancy_ended_on"], row["last_payment_on"], row["last_acknowledged_on"])
        if limit_on <= on:
            continue  # statute-barred: no agency may pursue it
        check = checks[row["account_ref"]]
        reason = check.hold or (f"benefit_due: £{check.chaseable} is left to chase after £{check.still_due} still "
                                f"expected from the benefit, under £{min_balance}" if check.chaseable < min_balance
                                else None)
        if reason:
            held.append({"fta_id": row["fta_id"], "account_ref": row["account_ref"], "reason": reason})
            continue
        referral_id = uuid.uuid4()
        placed.append({"referral_id": referral_id, "batch_id": batch_id, "fta_id": row["fta_id"],
                       "account_ref": row["account_ref"], "agency_code": agency_code, "referred_on": on,
                       "balance_referred": check.chaseable.amount, "status": "placed"})
        lines.append([referral_id, row["account_ref"], row["tenancy_ref"],
                      "; ".join(t["name"] for t in row["tenants"] or []),
                      ", ".join(row["traced_address"] or row["forwarding_address"] or []),
                      row["tenancy_ended_on"], f"{check.chaseable}", row["last_payment_on"] or "", limit_on])
    if not placed:
        raise RecoveryError("no former tenant arrears case is eligible for referral" + (
            f" ({len(held)} held by their benefit check)" if held else ""))
    total = sum((p["balance_referred"] for p in placed), Decimal(0))
    await uow.session.execute(insert(batches).values(batch_id=batch_id, agency_code=agency_code, referred_on=on,
                                                     created_by=actor, referrals=len(placed), total=total))
    await uow.session.execute(insert(referrals), placed)
    await audit.record(uow.session, actor=actor, action="refer", entity="dca_batch", entity_id=str(batch_id),
                       after={"agency": agency_code, "referrals": len(placed), "total": str(total)})
    return batch_id, to_csv(lines), held


def to_csv(lines: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXPORT_COLUMNS)
    writer.writerows([[str(v) for v in line] for line in lines])
    return out.getvalue()


async def recall(uow: UnitOfWork, referral_id: uuid.UUID, on: date, reason: str, actor: str) -> None:
    row = (await uow.session.execute(select(referrals).where(referrals.c.referral_id == referral_id)
                                     .with_for_update())).mappings().first()
    if row is None:
        raise NotFound(f"no referral {referral_id}")
    if row["status"] != "placed":
        raise Conflict(f"referral {referral_id} is already {row['status']}")
    if on < row["referred_on"]:
        raise RecoveryError("a recall cannot be dated before the referral")
    await uow.session.execute(update(referrals).where(referrals.c.referral_id == referral_id)
                              .values(status="recalled", recalled_on=on, recall_reason=reason))
    await audit.record(uow.session, actor=actor, action="recall", entity="dca_referral", entity_id=str(referral_id),
                       reason=reason)


PERFORMANCE = text(f"""
WITH r AS (
  SELECT r.*, least(coalesce(r.recalled_on, :to_date), :to_date) AS placed_until FROM dca_referral r
  WHERE r.referred_on <= :to_date AND coalesce(r.recalled_on, :to_date) >= :from_date
), collected AS (
  SELECT r.referral_id, coalesce(-sum(m.amount), 0) AS collected
  FROM r LEFT JOIN ({positions.COLLECTIONS}) m ON m.account_ref = r.account_ref
    AND m.effective_date BETWEEN greatest(r.referred_on, :from_date) AND r.placed_until
  GROUP BY r.referral_id
)
SELECT a.agency_code, a.name, a.commission_percent,
       count(r.referral_id) FILTER (WHERE r.referred_on >= :from_date) AS referred,
       coalesce(sum(r.balance_referred) FILTER (WHERE r.referred_on >= :from_date), 0) AS referred_value,
       count(r.referral_id) FILTER (WHERE r.recalled_on BETWEEN :from_date AND :to_date) AS recalled,
       count(r.referral_id) AS placed_in_period,
       coalesce(sum(r.balance_referred), 0) AS placed_value,
       coalesce(sum(c.collected), 0) AS collected
FROM dca_agency a
LEFT JOIN r ON r.agency_code = a.agency_code
LEFT JOIN collected c ON c.referral_id = r.referral_id
GROUP BY a.agency_code, a.name, a.commission_percent
ORDER BY a.agency_code
""")


async def performance(uow: UnitOfWork, from_date: date, to_date: date) -> list[dict[str, Any]]:
    if to_date < from_date:
        raise RecoveryError("the period ends before it starts")
    rows = (await uow.session.execute(PERFORMANCE, {"from_date": from_date, "to_date": to_date})).mappings().all()
    report = []
    for row in rows:
        collected = Money(row["collected"])
        commission = collected * (row["commission_percent"] / 100)
        rate = (row["collected"] / row["placed_value"] * 100) if row["placed_value"] else Decimal(0)
        report.append({**row, "commission": commission, "net_to_landlord": collected - commission,
                       "collection_rate_percent": rate.quantize(Decimal("0.01"))})
    return report
