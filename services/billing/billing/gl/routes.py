"""The general ledger interface: the mapping to ledger codes and cost centres, journals
exported once per period (CSV in the documented layout), reversals, and the postings
behind each journal line."""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, ConfigDict, Field

from billing.access import STAFF_READ
from billing.errors import NotFound
from billing.gl import service as gl_journals
from billing.gl import store as gl_store
from billing.gl.rules import Code
from shared.auth.principal import Principal, Role
from shared.contracts.types import Reason
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(tags=["general ledger"])

FINANCE = (Role.FINANCE_APPROVER, Role.SENIOR_OFFICER)


CSV_COLUMNS = ("journal_id", "line_no", "journal_type", "period_from", "period_to", "ledger_code", "cost_centre",
               "debit", "credit", "description", "category", "qualifier", "side", "postings")


Code_ = Annotated[str, Field(min_length=1, max_length=30, pattern=r"^[A-Za-z0-9._-]+$")]


class MappingUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ledger_code: Code_
    cost_centre: Code_
    description: str = Field(min_length=1, max_length=200)
    reason: Reason


class JournalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    date_from: date
    date_to: date


class DailyRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    day: date | None = Field(None, description="the day to export; yesterday when not given")


class ReversalRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    reason: Reason


@router.get("/gl-mappings", summary="Ledger codes and cost centres per category and qualifier")
async def list_mappings(uow: UowDep, _: Principal = Depends(require_roles(*STAFF_READ))) -> list[dict[str, Any]]:
    async with uow:
        return await gl_store.mapping_rows(uow.session)


@router.put("/gl-mappings/{category}/{qualifier}", summary="Map a category (a posting type, or 'control' for the "
            "debtor side) and qualifier (charge type, income channel, account type, or * for any); audited")
async def set_mapping(category: Annotated[str, Path(max_length=30)], qualifier: Annotated[str, Path(max_length=40)],
                      body: MappingUpdate,
                      uow: UowDep, user: Principal = Depends(require_roles(*FINANCE))) -> dict[str, Any]:
    async with uow:
        saved = await gl_journals.set_mapping(
            uow, category, qualifier, Code(body.ledger_code, body.cost_centre, body.description), body.reason,
            user.actor)
        await uow.commit()
    return saved


@router.post("/gl-journals", status_code=201, summary="Export the journal for a period of whole days (once)",
             responses={409: {"description": "The period, or part of it, is in a journal not reversed"},
                        422: {"description": "Invalid period, or activity with no ledger code mapped"}})
async def export_journal(body: JournalRequest, uow: UowDep,
                         user: Principal = Depends(require_roles(*FINANCE))) -> dict[str, Any]:
    async with uow:
        journal = await gl_journals.export(uow, body.date_from, body.date_to, user.actor)
        await uow.commit()
    return journal


@router.post("/gl-journals/daily", status_code=201, summary="Export one day's journal (yesterday by default)")
async def export_daily(body: DailyRequest, uow: UowDep,
                       user: Principal = Depends(require_roles(*FINANCE, Role.SYSTEM))) -> dict[str, Any]:
    async with uow:
        journal = await gl_journals.export_day(uow, body.day, user.actor)
        await uow.commit()
    return journal


@router.post("/gl-journals/{journal_id}/reversal", status_code=201,
             summary="Reverse an exported journal (a journal of opposite lines); its period may then be exported again")
async def reverse_journal(journal_id: uuid.UUID, body: ReversalRequest, uow: UowDep,
                          user: Principal = Depends(require_roles(*FINANCE))) -> dict[str, Any]:
    async with uow:
        reversal = await gl_journals.reverse(uow, journal_id, body.reason, user.actor)
        await uow.commit()
    return reversal


@router.get("/gl-journals", summary="Journals, newest period first")
async def list_journals(uow: UowDep, limit: Limit = 50,
                        _: Principal = Depends(require_roles(*STAFF_READ))) -> list[dict[str, Any]]:
    async with uow:
        return await gl_store.journals(uow.session, limit)


async def _journal(uow: UowDep, journal_id: uuid.UUID) -> dict[str, Any]:
    journal = await gl_store.journal(uow.session, journal_id)
    if journal is None:
        raise NotFound(f"journal {journal_id} does not exist")
    return journal


@router.get("/gl-journals/{journal_id}", summary="A journal with its lines")
async def get_journal(journal_id: uuid.UUID, uow: UowDep,
                      _: Principal = Depends(require_roles(*STAFF_READ))) -> dict[str, Any]:
    async with uow:
        journal = await _journal(uow, journal_id)
        lines = await gl_store.lines(uow.session, journal_id)
    return journal | {"lines": [vars(li) | {"debit": str(li.debit), "credit": str(li.credit)} for li in lines]}


@router.get("/gl-journals/{journal_id}/csv", summary="The journal as CSV (layout in README.md)",
            response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def journal_csv(journal_id: uuid.UUID, uow: UowDep,
                      _: Principal = Depends(require_roles(*STAFF_READ))) -> Response:
    async with uow:
        journal = await _journal(uow, journal_id)
        lines = await gl_store.lines(uow.session, journal_id)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for li in lines:
        writer.writerow([journal_id, li.line_no, journal["kind"], journal["period_from"], journal["period_to"],
                         li.ledger_code, li.cost_centre, li.debit, li.credit, li.description, li.category,
                         li.qualifier, li.side, li.postings_count])
    name = f"gl-journal-{journal['period_from']}-{journal['period_to']}-{journal['kind']}-{journal_id}.csv"
    return Response(out.getvalue(), media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@router.get("/gl-journals/{journal_id}/lines/{line_no}/postings", summary="The postings behind a journal line")
async def line_postings(journal_id: uuid.UUID, line_no: Annotated[int, Path(ge=1, le=1_000_000)], uow: UowDep,
                        limit: Limit = 100, offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
                        _: Principal = Depends(require_roles(*STAFF_READ))) -> list[dict[str, Any]]:
    async with uow:
        await _journal(uow, journal_id)
        return await gl_store.line_postings(uow.session, journal_id, line_no, limit, offset)
