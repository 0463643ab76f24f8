"""Income file upload and the result report."""

from __future__ import annotations

import asyncio
import tempfile
import uuid
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, Query, UploadFile
from sqlalchemy import select

from payments.adapters.formats import DEFAULT_SOURCE, FileFormat
from payments.adapters.orm import income_file_line_table, income_file_table
from payments.entrypoints.schemas import IncomeFileLinePublic, IncomeFilePublic
from payments.service_layer.file_import import DuplicateFile, FileOffer, FileRejected, import_file
from shared.auth.principal import Principal, Role
from shared.db.unit_of_work import UnitOfWork
from shared.web.app import RuntimeDep, UowDep
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["income files"])
IMPORTERS = (Role.INCOME_OFFICER, Role.RENT_OFFICER, Role.SYSTEM)
READERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.SENIOR_OFFICER, Role.FINANCE_APPROVER, Role.AUDITOR,
           Role.SYSTEM)
SourceSystem = Annotated[str | None, Query(min_length=1, max_length=40, pattern=r"^[a-z0-9_\-]+$",
                                           description="who sent the file, e.g. allpay; default per format")]


async def report(uow: UnitOfWork, file_id: uuid.UUID) -> IncomeFilePublic:
    row = (await uow.session.execute(
        select(income_file_table).where(income_file_table.c.file_id == file_id))).mappings().first()
    if row is None:
        raise ProblemError(404, "Not found", f"income file {file_id} does not exist")
    return IncomeFilePublic(**row)


async def _spool(upload: UploadFile, folder: str) -> Path:
    """Copy the upload to disk a block at a time (never the whole file in memory)."""
    path = Path(folder) / "upload"
    with path.open("wb") as out:
        while block := await upload.read(1 << 20):
            await asyncio.to_thread(out.write, block)
    return path


@router.post("/income-files", status_code=201, response_model=IncomeFilePublic,
             responses={409: {"description": "The same file was offered before"},
                        422: {"description": "Structural error: the file is rejected whole, nothing posted"}})
async def upload_income_file(
    file: UploadFile, runtime: RuntimeDep, uow: UowDep,
    format: Annotated[FileFormat, Query(description="the file's format")],
    source_system: SourceSystem = None,
    principal: Principal = Depends(require_roles(*IMPORTERS)),
) -> IncomeFilePublic:
    """Import an income file: every line is validated, matched accounts are credited through
    billing, unmatched money goes to suspense; the answer is the file's result report."""
    with tempfile.TemporaryDirectory(prefix="income-") as folder:
        path = await _spool(file, folder)
        offer = FileOffer(path, format, file.filename or "upload", source_system or DEFAULT_SOURCE[format],
                          "upload", principal.actor)
        try:
            file_id = await import_file(offer, lambda: UnitOfWork(runtime.session_factory,
                                                                  on_commit=runtime.relay.notify))
        except DuplicateFile as exc:
            raise ProblemError(409, "Duplicate file", str(exc), type_="urn:rent:problem:duplicate-file",
                               duplicate_of=str(exc.file_id)) from None
        except FileRejected as exc:
            raise ProblemError(422, "File rejected", exc.reason, type_="urn:rent:problem:file-rejected",
                               file_id=str(exc.file_id)) from None
    async with uow:
        return await report(uow, file_id)


@router.get("/income-files", response_model=list[IncomeFilePublic])
async def list_income_files(
    uow: UowDep, status: str | None = None, limit: Limit = 50, _: Principal = Depends(require_roles(*READERS))
) -> list[IncomeFilePublic]:
    stmt = select(income_file_table).order_by(income_file_table.c.received_at.desc()).limit(limit)
    if status:
        stmt = stmt.where(income_file_table.c.status == status)
    async with uow:
        return [IncomeFilePublic(**r) for r in (await uow.session.execute(stmt)).mappings()]


@router.get("/income-files/{file_id}", response_model=IncomeFilePublic)
async def income_file_report(
    file_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*READERS))
) -> IncomeFilePublic:
    async with uow:
        return await report(uow, file_id)


@router.get("/income-files/{file_id}/lines", response_model=list[IncomeFileLinePublic])
async def income_file_lines(
    file_id: uuid.UUID, uow: UowDep, outcome: str | None = Query(None, pattern="^(rejected|unmatched|duplicate)$"),
    after_line: int = 0,
    after_record: Annotated[int, Query(description="page on: the last record_no of the previous page")] = 0,
    limit: Limit = 100, _: Principal = Depends(require_roles(*READERS)),
) -> list[IncomeFileLinePublic]:
    """Lines that were rejected (with the reason), unmatched (in suspense) or duplicates, in file order."""
    t = income_file_line_table
    stmt = (select(t).where(t.c.file_id == file_id, t.c.line_no > after_line, t.c.record_no > after_record)
            .order_by(t.c.record_no).limit(limit))
    if outcome:
        stmt = stmt.where(t.c.outcome == outcome)
    async with uow:
        await report(uow, file_id)
        return [IncomeFileLinePublic(**r) for r in (await uow.session.execute(stmt)).mappings()]
