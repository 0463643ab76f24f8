"""Leasehold service charges: leases, estimates and their instalment invoices, year-end
balancing, Section 20 consultations, major works and ground rent (invoices that post to
the ledger take an Idempotency-Key)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse

from billing.access import STAFF_READ, authorised_account
from billing.invoices import queries as invoice_queries
from billing.invoices.service import Invoice
from billing.leasehold import service
from billing.leasehold.rules import Consultation
from billing.leasehold.schemas import (
    BalancingCreate,
    BalancingPublic,
    EstimateCreate,
    GroundRentCreate,
    InvoicePublic,
    LeaseSet,
    MajorWorksCreate,
    Section20Create,
)
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, run_once
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(prefix="/leasehold", tags=["leasehold service charges"])

Officer = Depends(require_roles(Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER))


def _invoices(raised: list[Invoice]) -> list[dict[str, Any]]:
    return [InvoicePublic(**{k: getattr(inv, k) for k in InvoicePublic.model_fields}).model_dump(mode="json")
            for inv in raised]


async def _once(uow: UowDep, scope: str, key: str, user: Principal, payload: Any,
                act: Callable[[], Awaitable[Any]]) -> JSONResponse:
    async def answer() -> tuple[int, Any]:
        return 201, await act()

    return await run_once(uow, scope, key, user, payload, answer)


@router.put("/leases/{account_ref}", status_code=204, summary="A leasehold account's scheme, share and ground rent")
async def set_lease(account_ref: str, body: LeaseSet, uow: UowDep, user: Principal = Officer) -> None:
    async with uow:
        await authorised_account(uow.session, user, account_ref)
        await service.set_lease(uow, account_ref, body.scheme_ref, body.share, body.ground_rent_annual,
                                user.actor, body.reason, body.starts_on)
        await uow.commit()


@router.post("/schemes/{scheme_ref}/estimates", status_code=201,
             summary="The estimated annual cost of a scheme and its instalment due dates")
async def set_estimate(scheme_ref: str, body: EstimateCreate, uow: UowDep, user: Principal = Officer) -> Any:
    async with uow:
        year = await service.set_estimate(uow, scheme_ref, body.year_start, body.estimated_cost, body.due_dates,
                                          user.actor)
        await uow.commit()
    return {k: str(v) if k in ("estimated_cost", "year_start") else v for k, v in year.items()
            if k in ("scheme_ref", "year_start", "estimated_cost", "instalments", "due_dates")}


@router.post("/schemes/{scheme_ref}/estimates/{year_start}/instalments/{number}/invoices", status_code=201,
             response_model=list[InvoicePublic], summary="Invoice one instalment of the estimate to every lease")
async def invoice_instalment(scheme_ref: str, year_start: date, number: int, uow: UowDep,
                             idempotency_key: IdempotencyKey, user: Principal = Officer) -> JSONResponse:
    async def act() -> Any:
        return _invoices(await service.invoice_instalment(uow, scheme_ref, year_start, number, user.actor))

    payload = {"scheme_ref": scheme_ref, "year_start": str(year_start), "number": number}
    return await _once(uow, "sc-instalment", idempotency_key, user, payload, act)


@router.post("/schemes/{scheme_ref}/estimates/{year_start}/balancing", status_code=201,
             response_model=list[BalancingPublic],
             summary="Year-end: apportion the actual cost and invoice each lease the balancing charge or credit")
async def balance_year(scheme_ref: str, year_start: date, body: BalancingCreate, uow: UowDep,
                       idempotency_key: IdempotencyKey, user: Principal = Officer) -> JSONResponse:
    async def act() -> Any:
        lines = [{"heading": c.heading, "amount": c.amount} for c in body.actual_costs]
        result = await service.balance_year(uow, scheme_ref, year_start, lines, body.due_date, user.actor)
        return [BalancingPublic(**r).model_dump(mode="json") for r in result]

    payload = {"scheme_ref": scheme_ref, "year_start": str(year_start), **body.model_dump(mode="json")}
    return await _once(uow, "sc-balancing", idempotency_key, user, payload, act)


@router.post("/section20-consultations", status_code=201, summary="Record a completed Section 20 consultation")
async def record_section20(body: Section20Create, uow: UowDep, user: Principal = Officer) -> dict[str, str]:
    consultation = Consultation(body.works_ref, body.notice_of_intention_on, body.estimates_notice_on,
                                body.completed_on, body.dispensation)
    async with uow:
        await service.record_section20(uow, consultation, body.scheme_ref, body.description, user.actor)
        await uow.commit()
    return {"works_ref": body.works_ref, "completed_on": str(body.completed_on)}


@router.post("/major-works", status_code=201, response_model=list[InvoicePublic],
             summary="Invoice major works by share (over £250 a leaseholder needs a Section 20 consultation)")
async def invoice_major_works(body: MajorWorksCreate, uow: UowDep, idempotency_key: IdempotencyKey,
                              user: Principal = Officer) -> JSONResponse:
    async def act() -> Any:
        return _invoices(await service.invoice_major_works(
            uow, body.scheme_ref, body.works_ref, body.cost, date.today(), body.due_date, body.description,
            user.actor))

    return await _once(uow, "major-works", idempotency_key, user, body.model_dump(mode="json"), act)


@router.post("/schemes/{scheme_ref}/ground-rent", status_code=201, response_model=list[InvoicePublic],
             summary="Invoice each lease's ground rent for a period")
async def invoice_ground_rent(scheme_ref: str, body: GroundRentCreate, uow: UowDep, idempotency_key: IdempotencyKey,
                              user: Principal = Officer) -> JSONResponse:
    async def act() -> Any:
        return _invoices(await service.invoice_ground_rent(uow, scheme_ref, body.period_from, body.period_to,
                                                           body.due_date, user.actor))

    payload = {"scheme_ref": scheme_ref, **body.model_dump(mode="json")}
    return await _once(uow, "ground-rent", idempotency_key, user, payload, act)


@router.get("/invoices", response_model=list[InvoicePublic], summary="Invoices by account or by run")
async def list_invoices(uow: UowDep, account_ref: str | None = None, run_ref: str | None = None,
                        limit: Limit = 100, after: str = "",
                        user: Principal = Depends(require_roles(*STAFF_READ))) -> list[dict[str, Any]]:
    async with uow:
        if account_ref is not None:
            await authorised_account(uow.session, user, account_ref)
        return await invoice_queries.invoices_for(uow.session, after=after, limit=limit, account_ref=account_ref,
                                                  run_ref=run_ref)
