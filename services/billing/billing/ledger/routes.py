"""Statements and ledger queries: a statement for a date range, the balance as at a
date, accounts by balance band, debit and credit totals per rent week, control totals."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query

from billing.access import STAFF_READ, authorised_account
from billing.ledger import statements
from billing.ledger.schemas import BalancePublic, BandPublic, ControlTotalPublic, StatementPublic, WeekTotalPublic
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.pagination import MAX_PAGE, Limit
from shared.web.patch_access import require_patch
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["statements and reports"])

Reader = Annotated[Principal, Depends(require_roles(*STAFF_READ))]

DEFAULT_BANDS = [Decimal(b) for b in ("100", "250", "500", "1000", "2500")]


def _range(date_from: date, date_to: date) -> None:
    if date_from > date_to:
        raise ProblemError(422, "Invalid date range", f"date_from {date_from} is after date_to {date_to}")


@router.get("/accounts/{account_ref}/statement", response_model=StatementPublic)
async def statement(
    account_ref: str, date_from: date, date_to: date, uow: UowDep, user: Reader, limit: Limit = MAX_PAGE,
    offset: Annotated[int, Query(ge=0, description="Postings to skip: the page starts after them")] = 0,
) -> dict[str, Any]:
    _range(date_from, date_to)
    async with uow:
        found = await statements.statement(uow.session, account_ref, date_from, date_to, limit, offset)
    if found is None:
        raise ProblemError(404, "Not found", f"account {account_ref} does not exist")
    require_patch(user, found.patch, f"account {account_ref}")
    return {"account_ref": account_ref, "date_from": date_from, "date_to": date_to, **found.body}


@router.get("/accounts/{account_ref}/balance", response_model=BalancePublic, summary="Balance as at a date")
async def balance(account_ref: str, as_at: date, uow: UowDep, user: Reader) -> BalancePublic:
    async with uow:
        await authorised_account(uow.session, user, account_ref)
        amount = await statements.balance_as_at(uow.session, account_ref, as_at)
    return BalancePublic(account_ref=account_ref, as_at=as_at, balance=amount)


@router.get("/reports/balance-bands", response_model=list[BandPublic], summary="Accounts by balance band")
async def balance_bands(
    as_at: date, uow: UowDep, _: Reader,
    bands: Annotated[list[Decimal] | None, Query(description="Upper bounds of the debit bands, ascending")] = None,
) -> list[dict[str, Any]]:
    bounds = bands or DEFAULT_BANDS
    if any(b <= 0 for b in bounds) or bounds != sorted(set(bounds)) or len(bounds) > 20:
        raise ProblemError(422, "Invalid bands", "bands must be up to 20 distinct positive amounts in ascending order")
    async with uow:
        return await statements.balance_bands(uow.session, as_at, bounds)


@router.get("/reports/weekly-totals", response_model=list[WeekTotalPublic],
            summary="Debit and credit totals per rent week")
async def weekly_totals(rent_year: int, uow: UowDep, _: Reader) -> list[dict[str, Any]]:
    async with uow:
        return await statements.weekly_totals(uow.session, rent_year)


@router.get("/reports/control-totals", response_model=list[ControlTotalPublic],
            summary="Totals by posting type, to reconcile with payments received and refunds paid")
async def control_totals(date_from: date, date_to: date, uow: UowDep, _: Reader) -> list[dict[str, Any]]:
    _range(date_from, date_to)
    async with uow:
        return await statements.control_totals(uow.session, date_from, date_to)
