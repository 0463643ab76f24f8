"""Former tenant arrears: cases (opened when a tenancy ends in debt, closed once the
debt is cleared), benefit end-date check, acknowledgements, tracing and the limitation date."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as upsert

from recovery import letters
from recovery.breathing_space.queries import in_breathing_space
from recovery.errors import Blocked, Conflict, NotFound, RecoveryError
from recovery.former_tenants import rules
from recovery.former_tenants.limitation import is_statute_barred, limitation_date
from recovery.former_tenants.rules import BenefitCheck, in_payment_at_end
from recovery.former_tenants.tables import fta_case_table as fta
from recovery.former_tenants.tables import fta_trace_table as traces
from recovery.positions import queries as positions
from shared import audit
from shared.contracts.billing import TenancyTerminatedV1
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money


async def open_on_termination(event: TenancyTerminatedV1, uow: UnitOfWork) -> None:
    """A tenancy ended with a debit balance becomes a former tenant arrears case (after the
    position has been closed: it is read here)."""
    if not event.final_balance.is_debit():
        return
    position = await positions.get_position(uow.session, event.account_ref)
    benefit = max((d for d in (position["last_hb_on"], position["last_uc_on"]) if d), default=None)
    period = (await positions.latest_benefit_periods(uow.session, [event.account_ref])).get(event.account_ref)
    last = max((d for d in (benefit, period and period.period_to) if d), default=None)
    # Benefit in payment at the end must be checked as paid up to the real end date (a
    # credit arriving later makes it required too: benefit_checks judges it as it reads).
    check = "required" if in_payment_at_end(event.end_date, last) else "not_applicable"
    await uow.session.execute(
        upsert(fta).values(
            fta_id=uuid.uuid4(), account_ref=event.account_ref, tenancy_ref=event.tenancy_ref,
            tenancy_ended_on=event.end_date, end_reason=event.reason[:200],
            balance_at_termination=event.final_balance.amount, status="open", benefit_check=check,
        ).on_conflict_do_nothing(index_elements=[fta.c.account_ref])
    )


# A former tenant's debt paid or written off in full closes its case.
CLOSE_CLEARED = text(f"""
UPDATE fta_case f SET status = 'closed'
FROM ({positions.CLEARED}) p
WHERE f.account_ref = p.account_ref AND f.status = 'open'
""")


async def close_cleared(uow: UnitOfWork) -> None:
    """Close every open case whose debt is cleared (the daily run)."""
    await uow.session.execute(CLOSE_CLEARED)


async def limitation_for(uow: UnitOfWork, account_ref: str) -> date | None:
    """The limitation date of the account's former tenant debt (None: the account has no case)."""
    case = (await uow.session.execute(select(fta).where(fta.c.account_ref == account_ref))).mappings().first()
    if case is None:
        return None
    return limitation_date(case["tenancy_ended_on"], await positions.last_payment_on(uow.session, account_ref),
                           case["last_acknowledged_on"])


async def get_case(uow: UnitOfWork, fta_id: uuid.UUID, *, for_update: bool = False) -> Any:
    stmt = select(fta).where(fta.c.fta_id == fta_id)
    row = (await uow.session.execute(stmt.with_for_update() if for_update else stmt)).mappings().first()
    if row is None:
        raise NotFound(f"no former tenant arrears case {fta_id}")
    return row


async def benefit_checks(uow: UnitOfWork, cases: Sequence[Mapping[str, Any]]) -> dict[str, BenefitCheck]:
    """Each case's benefit check (by account), judged now from the HB/UC credits and
    their periods: a credit that arrives after the termination counts."""
    refs = [c["account_ref"] for c in cases]
    credited = await positions.benefit_credited(uow.session, refs)
    periods = await positions.latest_benefit_periods(uow.session, refs)
    checks = {}
    for case in cases:
        ref = case["account_ref"]
        total, last_on = credited.get(ref, (Money.zero(), None))
        at_check = case["benefit_credited_at_check"]
        checks[ref] = rules.check(
            case["tenancy_ended_on"], Money(case["balance"]), last_on, [periods[ref]] if ref in periods else [],
            done=case["benefit_check"] == "done",
            confirmed_due=Money(case["benefit_due"]) if case["benefit_due"] is not None else None,
            credited_since_check=total - Money(at_check) if at_check is not None else None)
    return checks


async def chasing_check(uow: UnitOfWork, account_ref: str) -> BenefitCheck | None:
    """The benefit check of the account's open FTA case (None: it has none)."""
    case = (await uow.session.execute(select(fta).where(fta.c.account_ref == account_ref, fta.c.status == "open"))
            ).mappings().first()
    if case is None:
        return None
    position = await positions.get_position(uow.session, account_ref)
    return (await benefit_checks(uow, [{**case, "balance": position["balance"]}]))[account_ref]


def refuse_if_held(check: BenefitCheck | None, what: str) -> None:
    if check is not None and check.hold:
        raise Blocked(f"{what} held: {check.hold}")


async def view(uow: UnitOfWork, row: Any, today: date) -> dict[str, Any]:
    position = await positions.get_position(uow.session, row["account_ref"])
    last_paid = await positions.last_payment_on(uow.session, row["account_ref"])
    limit = limitation_date(row["tenancy_ended_on"], last_paid, row["last_acknowledged_on"])
    check = (await benefit_checks(uow, [{**row, "balance": position["balance"]}]))[row["account_ref"]]
    return {**row, "balance": position["balance"], "last_payment_on": last_paid, "limitation_date": limit,
            "statute_barred": is_statute_barred(limit, today), "tenants": position["tenants"] or [],
            "forwarding_address": position["forwarding_address"], "benefit_check": check.status,
            "benefit": {**vars(check), "confirmed_due": row["benefit_due"], "checked_by": row["benefit_checked_by"],
                        "checked_on": row["benefit_checked_on"]},
            "chaseable": check.chaseable, "chasing_held": check.hold}


async def acknowledge(uow: UnitOfWork, fta_id: uuid.UUID, on: date, how: str, actor: str, today: date) -> None:
    """A written acknowledgement of the debt restarts the limitation period."""
    row = await get_case(uow, fta_id, for_update=True)
    if on > today:
        raise RecoveryError("an acknowledgement cannot be dated in the future")
    if row["last_acknowledged_on"] and row["last_acknowledged_on"] >= on:
        return
    await uow.session.execute(update(fta).where(fta.c.fta_id == fta_id).values(last_acknowledged_on=on))
    await audit.record(uow.session, actor=actor, action="acknowledged", entity="fta_case", entity_id=str(fta_id),
                       before={"last_acknowledged_on": str(row["last_acknowledged_on"])},
                       after={"last_acknowledged_on": on.isoformat()}, reason=how)


async def record_benefit_check(uow: UnitOfWork, fta_id: uuid.UUID, note: str, benefit_due: Money | None,
                               actor: str, today: date) -> None:
    """The officer confirms the benefit position at the end date; `benefit_due` is what the
    benefits service confirmed is still to come (None: the estimate from the periods
    stands). Until then a required check holds every step that chases the former tenant."""
    row = await get_case(uow, fta_id, for_update=True)
    if benefit_due is not None and benefit_due < 0:
        raise RecoveryError("the benefit still due cannot be negative")
    credited, _ = (await positions.benefit_credited(uow.session, [row["account_ref"]])).get(
        row["account_ref"], (Money.zero(), None))
    position = await positions.get_position(uow.session, row["account_ref"])
    before = (await benefit_checks(uow, [{**row, "balance": position["balance"]}]))[row["account_ref"]]
    await uow.session.execute(update(fta).where(fta.c.fta_id == fta_id).values(
        benefit_check="done", benefit_check_note=note, benefit_checked_by=actor, benefit_checked_on=today,
        benefit_due=benefit_due.amount if benefit_due is not None else None,
        benefit_credited_at_check=credited.amount))
    await audit.record(uow.session, actor=actor, action="benefit_checked", entity="fta_case",
                       entity_id=str(fta_id), before={"benefit_check": before.status},
                       after={"benefit_check": "done", "paid_to": str(before.paid_to),
                              "estimated_due": str(before.estimated_due),
                              "benefit_due": str(benefit_due) if benefit_due is not None else None},
                       reason=note)


async def request_trace(uow: UnitOfWork, fta_id: uuid.UUID, method: str, on: date, actor: str) -> uuid.UUID:
    row = await get_case(uow, fta_id)
    if row["status"] != "open":
        raise Conflict(f"case {fta_id} is {row['status']}")
    trace_id = uuid.uuid4()
    await uow.session.execute(insert(traces).values(trace_id=trace_id, fta_id=fta_id, method=method,
                                                    requested_on=on, requested_by=actor, result="pending"))
    await audit.record(uow.session, actor=actor, action="trace_requested", entity="fta_case", entity_id=str(fta_id),
                       after={"trace_id": str(trace_id), "method": method})
    return trace_id


async def record_trace_result(uow: UnitOfWork, trace_id: uuid.UUID, found: bool, address: list[str] | None,
                              on: date, actor: str) -> None:
    trace = (await uow.session.execute(select(traces).where(traces.c.trace_id == trace_id).with_for_update())
             ).mappings().first()
    if trace is None:
        raise NotFound(f"no trace request {trace_id}")
    if trace["result"] != "pending":
        raise Conflict(f"trace {trace_id} already has a result ({trace['result']})")
    if found and not address:
        raise RecoveryError("a successful trace needs the address found")
    await uow.session.execute(update(traces).where(traces.c.trace_id == trace_id).values(
        result="found" if found else "not_found", result_on=on, result_by=actor, new_address=address))
    if found:
        await uow.session.execute(update(fta).where(fta.c.fta_id == trace["fta_id"]).values(traced_address=address))
    await audit.record(uow.session, actor=actor, action="trace_result", entity="fta_case",
                       entity_id=str(trace["fta_id"]), after={"trace_id": str(trace_id), "found": found})


async def traces_of(uow: UnitOfWork, fta_id: uuid.UUID) -> list[Any]:
    return list((await uow.session.execute(select(traces).where(traces.c.fta_id == fta_id)
                                           .order_by(traces.c.requested_on))).mappings().all())


async def send_letter(uow: UnitOfWork, fta_id: uuid.UUID, on: date, pay_by: date | None, actor: str) -> uuid.UUID:
    """The former tenant arrears letter, to the forwarding (or traced) address."""
    row = await get_case(uow, fta_id)
    if row["status"] != "open":
        raise Conflict(f"case {fta_id} is {row['status']}")
    if await in_breathing_space(uow.session, row["account_ref"], on):
        raise Blocked(f"{row['account_ref']} is in Breathing Space: no letter demanding payment until it ends")
    check = await chasing_check(uow, row["account_ref"])
    refuse_if_held(check, "the former tenant arrears letter is")
    figures: dict[str, Any] = {"pay_by": pay_by, "fta_id": str(fta_id)}
    if check is not None and check.still_due:
        if not check.chaseable:
            raise RecoveryError(f"nothing to chase: the £{check.still_due} owed is still expected from the benefit")
        figures["balance"] = check.chaseable.amount  # what the benefit will still pay is not asked of the tenant
    if row["traced_address"]:
        figures["address"] = row["traced_address"]
    request_id = await letters.request_letter(uow, row["account_ref"], "fta_letter", actor, on, **figures)
    await audit.record(uow.session, actor=actor, action="letter", entity="fta_case", entity_id=str(fta_id),
                       after={"letter_type": "fta_letter", "request_id": str(request_id)})
    return request_id
