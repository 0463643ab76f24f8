"""Mail-merge batches for the print room."""

import uuid
from datetime import date

from fastapi import APIRouter, Depends, Response
from sqlalchemy import select

from notifications.adapters.orm import mail_merge_batch_table as batches
from notifications.entrypoints.routes.access import require_every_patch
from notifications.entrypoints.schemas import BatchCreate, BatchPublic
from notifications.service_layer.batches import create_batch
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(prefix="/mail-merge-batches", tags=["mail-merge batches"])
READERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER, Role.AUDITOR)
PRINTERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER)
SUMMARY = [c for c in batches.c if c.name not in ("pdf", "manifest")]


@router.post("", status_code=201, response_model=BatchPublic)
async def new_batch(body: BatchCreate, uow: UowDep, user: Principal = Depends(require_roles(*PRINTERS))) -> BatchPublic:
    """Put the day's letters of one type that wait for the print room into one batch."""
    require_every_patch(user, "a mail-merge batch")
    async with uow:
        batch_id = await create_batch(body.letter_type, body.day, user.actor, uow)
        await uow.commit()
        return BatchPublic(**await _summary(uow, batch_id))


@router.get("", response_model=list[BatchPublic])
async def list_batches(
    uow: UowDep, day: date | None = None, letter_type: str | None = None, limit: Limit = 100,
    _: Principal = Depends(require_roles(*READERS)),
) -> list[BatchPublic]:
    query = select(*SUMMARY).order_by(batches.c.created_at.desc()).limit(limit)
    if day is not None:
        query = query.where(batches.c.day == day)
    if letter_type is not None:
        query = query.where(batches.c.letter_type == letter_type)
    async with uow:
        return [BatchPublic(**r) for r in (await uow.session.execute(query)).mappings().all()]


@router.get("/{batch_id}", response_model=BatchPublic)
async def get_batch(batch_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*READERS))) -> BatchPublic:
    async with uow:
        return BatchPublic(**await _summary(uow, batch_id))


@router.get("/{batch_id}/pdf", response_class=Response, responses={200: {"content": {"application/pdf": {}}}})
async def batch_pdf(batch_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*READERS))) -> Response:
    content = await _column(uow, batch_id, batches.c.pdf)
    return Response(content, media_type="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="batch-{batch_id}.pdf"'})


@router.get("/{batch_id}/manifest.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}})
async def batch_manifest(batch_id: uuid.UUID, uow: UowDep, _: Principal = Depends(require_roles(*READERS))) -> Response:
    content = await _column(uow, batch_id, batches.c.manifest)
    return Response(content, media_type="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="batch-{batch_id}.csv"'})


async def _summary(uow, batch_id: uuid.UUID) -> dict:
    row = (await uow.session.execute(select(*SUMMARY).where(batches.c.batch_id == batch_id))).mappings().first()
    if row is None:
        raise ProblemError(404, "Not found", f"mail-merge batch {batch_id} does not exist")
    return dict(row)


async def _column(uow, batch_id: uuid.UUID, column):
    async with uow:
        value = (await uow.session.execute(select(column).where(batches.c.batch_id == batch_id))).scalar()
    if value is None:
        raise ProblemError(404, "Not found", f"mail-merge batch {batch_id} does not exist")
    return value
