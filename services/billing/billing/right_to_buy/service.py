"""Right to Buy casework: the application (RTB1), eligibility from the tenancy history,
the landlord's stages (acknowledgement, admission or denial, the Section 125 offer with
the discount and service charge estimate, completion) and, on completion, the rent
account closed through the normal termination and a leasehold account opened."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy import insert, select, update

from billing.charges import queries as charge_queries
from billing.errors import BillingError, Conflict, NotFound
from billing.leasehold import service as leasehold
from billing.leasehold.rules import Lease
from billing.ledger import accounts as ledger_accounts
from billing.lettings import accounts
from billing.lettings import changes as tenancy_changes
from billing.right_to_buy import discount_rules as rtb_rules
from billing.right_to_buy import rules as rtb
from billing.right_to_buy.tables import rtb_application_table as apps
from billing.right_to_buy.tables import rtb_rules_table
from billing.tenancies import queries as tenancies_queries
from billing.tenancies import service as register
from shared import audit
from shared.contracts.types import AccountType, ChargeType
from shared.db.unit_of_work import UnitOfWork
from shared.money import Money

OWN_LANDLORD = "this landlord"

FLAT_TYPES = ("flat", "maisonette", "bedsit", "room")


async def current_rules(session: Any) -> tuple[int, dict[str, Any]]:
    row = (await session.execute(select(rtb_rules_table).order_by(rtb_rules_table.c.version.desc()).limit(1))).first()
    return (row.version, row.rules) if row else (0, rtb_rules.DEFAULT_RULES)


async def rules(session: Any) -> rtb.RtbRules:
    return rtb_rules.parse((await current_rules(session))[1])


async def set_rules(uow: UnitOfWork, raw: dict[str, Any], reason: str, actor: str) -> int:
    parsed = rtb_rules.parse(raw)
    if parsed.default_region not in parsed.cash_caps:
        raise BillingError(f"default_region {parsed.default_region!r} has no cash cap")
    _, before = await current_rules(uow.session)
    version = (await uow.session.execute(insert(rtb_rules_table).values(
        rules=raw, reason=reason, changed_by=actor).returning(rtb_rules_table.c.version))).scalar_one()
    await audit.record(uow.session, actor=actor, action="update", entity="rtb_rules", entity_id=str(version),
                       before=before, after=raw, reason=reason)
    return int(version)


@dataclass(frozen=True)
class Application:
    tenancy_ref: str
    rtb1_received_on: date
    applicants: list[str]
    actor: str
    property_form: str | None = None
    region: str | None = None
    other_landlord_periods: list[rtb.TenancyPeriod] = field(default_factory=list)
    possession_order: bool = False
    bankruptcy_pending: bool = False


async def _history(session: Any, person_ids: list[str]) -> list[rtb.TenancyPeriod]:
    rows = await tenancies_queries.tenancy_spells(session, person_ids)
    return [rtb.TenancyPeriod(r.joined_on or r.start_date, r.left_on or r.end_date, OWN_LANDLORD) for r in rows]


async def apply(uow: UnitOfWork, cmd: Application) -> uuid.UUID:
    tenancy = await tenancies_queries.tenancy(uow.session, cmd.tenancy_ref, for_update=True)
    if tenancy is None:
        raise NotFound(f"tenancy {cmd.tenancy_ref} does not exist")
    if tenancy["end_date"] is not None:
        raise Conflict(f"tenancy {cmd.tenancy_ref} ended on {tenancy['end_date']}")
    live = (await uow.session.execute(select(apps.c.application_id).where(
        apps.c.tenancy_ref == cmd.tenancy_ref, apps.c.status.notin_(("denied", "completed", "withdrawn"))))).first()
    if live:
        raise Conflict(f"tenancy {cmd.tenancy_ref} already has a live Right to Buy application {live[0]}")
    prop = await tenancies_queries.property_exists(uow.session, tenancy["property_ref"])
    assert prop is not None
    account_ref = await ledger_accounts.rent_account_of(uow.session, cmd.tenancy_ref)
    account = await ledger_accounts.get_account(uow.session, account_ref) if account_ref else None
    assert account is not None
    current = {t["person_id"] for t in await tenancies_queries.current_tenants(uow.session, cmd.tenancy_ref)}
    the_rules = await rules(uow.session)
    region = cmd.region or the_rules.default_region
    the_rules.cap_for(region)
    form = cmd.property_form or ("flat" if prop["property_type"] in FLAT_TYPES else "house")
    eligibility = rtb.assess(the_rules, rtb.Applicant(
        tenure=tenancy["tenure"], property_type=prop["property_type"],
        periods=await _history(uow.session, cmd.applicants) + cmd.other_landlord_periods,
        non_tenant_applicants=[p for p in cmd.applicants if p not in current],
        possession_order=cmd.possession_order, bankruptcy_pending=cmd.bankruptcy_pending,
        arrears=max(account.balance, Money.zero())), cmd.rtb1_received_on, OWN_LANDLORD)
    application_id = uuid.uuid4()
    await uow.session.execute(insert(apps).values(
        application_id=application_id, property_ref=tenancy["property_ref"], tenancy_ref=cmd.tenancy_ref,
        account_ref=account.account_ref, rtb1_received_on=cmd.rtb1_received_on, applicants=cmd.applicants,
        property_form=form, region=region, status="received", created_by=cmd.actor,
        other_landlord_periods=[{"landlord": p.landlord, "starts": str(p.starts), "ends": str(p.ends)}
                                for p in cmd.other_landlord_periods],
        declarations={"possession_order": cmd.possession_order, "bankruptcy_pending": cmd.bankruptcy_pending},
        eligibility=eligibility.as_dict()))
    await audit.record(uow.session, actor=cmd.actor, action="rtb_application", entity="tenancy",
                       entity_id=cmd.tenancy_ref, after={"application_id": str(application_id),
                                                         "rtb1_received_on": str(cmd.rtb1_received_on),
                                                         "eligible": eligibility.eligible})
    return application_id


async def get(session: Any, application_id: uuid.UUID, *, for_update: bool = False) -> dict[str, Any]:
    query = select(apps).where(apps.c.application_id == application_id)
    row = (await session.execute(query.with_for_update() if for_update else query)).mappings().first()
    if row is None:
        raise NotFound(f"Right to Buy application {application_id} does not exist")
    return dict(row)


def stage_dates(app: dict[str, Any]) -> rtb.StageDates:
    return rtb.StageDates(app["rtb1_received_on"], app["property_form"],
                          app["eligibility"]["relies_on_other_landlords"], app["status"], app["acknowledged_on"],
                          app["decided_on"], app["offered_on"], app["completed_on"])


async def _move(uow: UnitOfWork, application_id: uuid.UUID, allowed: tuple[str, ...], on: date, actor: str,
                action: str, **values: Any) -> dict[str, Any]:
    app = await get(uow.session, application_id, for_update=True)
    if app["status"] not in allowed:
        raise Conflict(f"application {application_id} is {app['status']}; {action} needs it to be "
                       f"{' or '.join(allowed)}")
    if on < app["rtb1_received_on"]:
        raise BillingError(f"{action} cannot be dated before the RTB1 was received on {app['rtb1_received_on']}")
    if on > date.today() + timedelta(days=1):
        raise BillingError(f"{action} cannot be dated in the future ({on})")
    await uow.session.execute(update(apps).where(apps.c.application_id == application_id).values(**values))
    await audit.record(uow.session, actor=actor, action=f"rtb_{action}", entity="rtb_application",
                       entity_id=str(application_id), before={"status": app["status"]},
                       after={k: v if v is None or isinstance(v, str) else str(v) for k, v in values.items()
                              if k not in ("discount", "service_charge_estimate")})
    return app


async def acknowledge(uow: UnitOfWork, application_id: uuid.UUID, on: date, actor: str) -> None:
    await _move(uow, application_id, ("received",), on, actor, "acknowledge", status="acknowledged",
                acknowledged_on=on)


async def admit(uow: UnitOfWork, application_id: uuid.UUID, on: date, actor: str) -> None:
    app = await get(uow.session, application_id)
    if not app["eligibility"]["eligible"]:
        raise Conflict("cannot admit an application that fails eligibility: "
                       + "; ".join(r["detail"] for r in app["eligibility"]["refusals"]))
    await _move(uow, application_id, ("received", "acknowledged"), on, actor, "admit", status="admitted",
                decided_on=on, acknowledged_on=app["acknowledged_on"] or on)


async def deny(uow: UnitOfWork, application_id: uuid.UUID, on: date, reason: str | None, actor: str) -> None:
    app = await get(uow.session, application_id)
    reason = reason or "; ".join(r["detail"] for r in app["eligibility"]["refusals"])
    if not reason:
        raise BillingError("the application passes every eligibility check; give the reason for denying it")
    await _move(uow, application_id, ("received", "acknowledged"), on, actor, "deny", status="denied",
                decided_on=on, denial_reason=reason, acknowledged_on=app["acknowledged_on"] or on)


async def _weekly_service_charges(session: Any, account_ref: str, on: date) -> Money:
    charges = charge_queries.active_on(await charge_queries.charge_rows(session, account_ref), on)
    return charges.get(ChargeType.SERVICE_CHARGE, Money.zero())


async def offer(uow: UnitOfWork, application_id: uuid.UUID, on: date, valuation: Money, cost_floor: Money | None,
                previous_discount: Money | None, works: list[rtb.Works], actor: str) -> None:
    app = await get(uow.session, application_id)
    the_rules = await rules(uow.session)
    discount = rtb.compute_discount(the_rules, app["property_form"], app["eligibility"]["qualifying_years"],
                                    valuation, app["region"], cost_floor, previous_discount)
    estimate = None
    if app["property_form"] == "flat":
        weekly = await _weekly_service_charges(uow.session, app["account_ref"], on)
        estimate = {"weekly_service_charges_now": str(weekly),
                    "years": rtb.service_charge_estimate(the_rules, weekly, works)}
    elif works:
        raise BillingError("improvement contributions are estimated for flats only")
    await _move(uow, application_id, ("admitted",), on, actor, "offer", status="offered", offered_on=on,
                valuation=valuation.amount, cost_floor=cost_floor.amount if cost_floor else None,
                discount=discount.as_dict(), service_charge_estimate=estimate)


async def complete(uow: UnitOfWork, application_id: uuid.UUID, on: date, lease: Lease | None,
                   actor: str) -> str | None:
    """The sale completes on ``on``: the tenancy's last day is the day before. A flat's
    buyer becomes a leaseholder like any other: a leasehold account with its lease in the
    block or estate's scheme (``lease``), whose service charges and ground rent the
    scheme's invoices raise; the rent account's weekly service charge ends with the tenancy."""
    app = await get(uow.session, application_id)
    account = await ledger_accounts.get_account(uow.session, app["account_ref"], for_update=True)
    assert account is not None
    if app["status"] == "offered" and account.balance > 0:
        raise Conflict(f"rent arrears of £{account.balance} on account {account.account_ref} must be cleared "
                       "before completion")
    await _move(uow, application_id, ("offered",), on, actor, "complete", status="completed", completed_on=on)
    rtb.check_completion_lease(app["property_form"], lease)
    await register.record_disposal(uow.session, app["property_ref"], on, "right to buy", f"rtb:{application_id}",
                                   actor)
    await tenancy_changes.terminate(uow, app["tenancy_ref"], on - timedelta(days=1), "right to buy completed",
                                    actor)
    if lease is None:
        return None  # a house is sold freehold: no service charge account
    reason = f"right to buy completed ({application_id})"
    leasehold_ref = await accounts.open_account(accounts.OpenAccount(
        account_type=AccountType.LEASEHOLD, opened_on=on, property_ref=app["property_ref"],
        person_ids=list(app["applicants"]), charges={}, reason=reason, actor=actor), uow)
    await leasehold.set_lease(uow, leasehold_ref, lease.scheme_ref, lease.share, lease.ground_rent_annual, actor,
                              f"lease granted on {reason}", starts_on=on)
    await uow.session.execute(update(apps).where(apps.c.application_id == application_id)
                              .values(leasehold_account_ref=leasehold_ref))
    return leasehold_ref


async def withdraw(uow: UnitOfWork, application_id: uuid.UUID, on: date, actor: str) -> None:
    await _move(uow, application_id, ("received", "acknowledged", "admitted", "offered"), on, actor, "withdraw",
                status="withdrawn", withdrawn_on=on)


async def listing(session: Any, status: str | None, limit: int) -> list[dict[str, Any]]:
    query = select(apps).order_by(apps.c.rtb1_received_on, apps.c.application_id).limit(limit)
    if status is not None:
        query = query.where(apps.c.status == status)
    return [dict(r) for r in (await session.execute(query)).mappings()]
