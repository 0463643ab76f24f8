"""What the console's account page reads from billing beyond the account's own routes: the
overview (tenancy, home, balance, charges in force and their history) and the statement for
a period as a CSV download. The statement's pages are the ledger's
``GET /accounts/{ref}/statement`` (limit, offset)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from billing.access import STAFF_READ, authorised_account
from billing.account_page import overview as account_overview
from billing.account_page.schemas import AccountOverview
from billing.ledger import statements
from billing.reports.csv_download import csv_response
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(prefix="/accounts", tags=["account page"])

Reader = Annotated[Principal, Depends(require_roles(*STAFF_READ))]

# A statement download covers the whole period asked; beyond this many postings, ask for a shorter one.
CSV_MAX_POSTINGS = 20_000
CSV_COLUMNS = ["effective_date", "posting_type", "charge_type", "rent_year", "rent_week", "source", "reason",
               "debit", "credit", "balance_after", "posted_at"]


@router.get("/{account_ref}/overview", response_model=AccountOverview,
            summary="The account page: account, balance now, tenancy and tenants, home, charges in force and history")
async def overview(
    account_ref: str, uow: UowDep, user: Reader,
    as_at: Annotated[date | None, Query(description="The day whose charges are in force (default today)")] = None,
) -> dict[str, Any]:
    async with uow:
        account = await authorised_account(uow.session, user, account_ref)
        return await account_overview.overview(uow.session, account, as_at or date.today())


@router.get("/{account_ref}/statement.csv", response_class=Response,
            responses={200: {"content": {"text/csv": {}}}},
            summary="The statement for a period as CSV: opening balance, each posting, closing balance")
async def statement_csv(account_ref: str, date_from: date, date_to: date, uow: UowDep, user: Reader) -> Response:
    if date_from > date_to:
        raise ProblemError(422, "Invalid date range", f"date_from {date_from} is after date_to {date_to}",
                           errors=[{"loc": ["query", "date_from"], "msg": "after date_to", "type": "value_error"}])
    async with uow:
        await authorised_account(uow.session, user, account_ref)
        found = await statements.statement(uow.session, account_ref, date_from, date_to, CSV_MAX_POSTINGS + 1)
    assert found is not None  # the account exists: authorised_account said so
    body = found.body
    if len(body["postings"]) > CSV_MAX_POSTINGS:
        raise ProblemError(422, "Period too long", f"more than {CSV_MAX_POSTINGS} postings: ask for a shorter period",
                           errors=[{"loc": ["query", "date_to"], "msg": "period too long", "type": "value_error"}])
    rows = [{"effective_date": date_from, "posting_type": "opening_balance", "balance_after": body["opening_balance"]}]
    rows += [{**p, "debit": p["amount"] if p["amount"] > 0 else None,
              "credit": -p["amount"] if p["amount"] < 0 else None} for p in body["postings"]]
    rows.append({"effective_date": date_to, "posting_type": "closing_balance", "debit": body["debits"],
                 "credit": body["credits"], "balance_after": body["closing_balance"]})
    return csv_response(rows, CSV_COLUMNS, f"statement-{account_ref}-{date_from}-{date_to}.csv")
