"""Reports for rent accounting and leasehold officers, as JSON or (format=csv) a CSV
download: the rent roll, the debit by charge type, leasehold invoice runs and the water
payment schedule."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query

from billing.access import STAFF_READ
from billing.reports import queries
from billing.reports.csv_download import csv_response
from billing.reports.schemas import DebitSummaryLine, InvoiceRunLine, RentRollLine, WaterScheduleLine
from billing.water import service as water
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(prefix="/reports", tags=["statements and reports"])

Reader = Annotated[Principal, Depends(require_roles(*STAFF_READ))]

Format = Annotated[Literal["json", "csv"], Query(description="json (default) or csv for a download")]

CSV_BATCH = 5000

CSV = {200: {"content": {"application/json": {}, "text/csv": {}}}}


@router.get("/rent-roll", responses=CSV, response_model=list[RentRollLine],
            summary="Accounts open on a date with their weekly charges and balance")
async def rent_roll(as_at: date, uow: UowDep, _: Reader, format: Format = "json", patch: str | None = None,
                    limit: Limit = 100, after: str = "") -> Any:
    async with uow:
        if format == "json":
            return await queries.rent_roll(uow.session, as_at, limit=limit, after=after, patch=patch)
        rows: list[dict[str, Any]] = []
        while batch := await queries.rent_roll(uow.session, as_at, limit=CSV_BATCH, after=after, patch=patch):
            rows.extend(batch)
            after = batch[-1]["account_ref"]
    columns = ["account_ref", "account_type", "tenancy_ref", "property_ref", "patch", "charges", "weekly_total",
               "balance"]
    return csv_response(rows, columns, f"rent-roll-{as_at}.csv")


@router.get("/debit-summary", responses=CSV, response_model=list[DebitSummaryLine],
            summary="Charges posted in a period by charge type")
async def debit_summary(date_from: date, date_to: date, uow: UowDep, _: Reader, format: Format = "json") -> Any:
    if date_from > date_to:
        raise ProblemError(422, "Invalid date range", f"date_from {date_from} is after date_to {date_to}")
    async with uow:
        rows = await queries.debit_summary(uow.session, date_from, date_to)
    if format == "json":
        return rows
    return csv_response(rows, ["charge_type", "postings", "accounts", "debits", "reductions", "net"],
                        f"debit-summary-{date_from}-{date_to}.csv")


@router.get("/leasehold-invoice-runs", responses=CSV, response_model=list[InvoiceRunLine],
            summary="Leasehold and sundry invoice runs with their totals")
async def invoice_runs(uow: UowDep, _: Reader, format: Format = "json",
                       invoice_type: Literal["estimate", "balancing", "major_works", "ground_rent", "sundry"]
                       | None = None) -> Any:
    async with uow:
        rows = await queries.invoice_runs(uow.session, invoice_type)
    if format == "json":
        return rows
    return csv_response(rows, ["run_ref", "invoice_type", "scheme_ref", "invoices", "charged", "credited", "net",
                               "first_due", "last_due", "raised_at", "raised_by"], "leasehold-invoice-runs.csv")


@router.get("/water-payment-schedule", responses=CSV, response_model=list[WaterScheduleLine],
            summary="What is payable to the water company, period by period")
async def water_payment_schedule(uow: UowDep, _: Reader, format: Format = "json") -> Any:
    async with uow:
        rows = await water.payment_schedule(uow)
    if format == "json":
        return rows
    return csv_response(rows, ["period_from", "period_to", "payment_due", "water_debited", "water_collected",
                               "void_allowance", "commission", "payable", "reconciliation_id"],
                        "water-payment-schedule.csv")
