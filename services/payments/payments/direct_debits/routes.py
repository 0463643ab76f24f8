"""Direct Debit mandates, AUDDIS instruction files and collection files."""

from __future__ import annotations

import uuid
from datetime import date

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse, PlainTextResponse
from sqlalchemy import select

from payments.adapters.orm import bacs_file_table, collection_table, mandate_table
from payments.direct_debits import bacs_files, mandates
from payments.direct_debits.schemas import (
    BacsFilePublic,
    BacsFileRequest,
    CollectionPublic,
    MandateBankDetails,
    MandateCancel,
    MandateCreate,
    MandatePublic,
)
from shared.auth.principal import Principal, Role
from shared.db.unit_of_work import UnitOfWork
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, answering, run_once
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(prefix="/direct-debits", tags=["direct debits"])
OFFICERS = (Role.INCOME_OFFICER, Role.RENT_OFFICER, Role.SENIOR_OFFICER)
READERS = (*OFFICERS, Role.AUDITOR, Role.FINANCE_APPROVER)


def _public(row) -> MandatePublic:
    return MandatePublic(**{k: row[k] for k in MandatePublic.model_fields if k in row},
                         sort_code_masked=f"{row['sort_code'][:2]}-**-**",
                         account_number_masked=f"****{row['account_number'][-4:]}")


async def _load(uow: UnitOfWork, mandate_id: uuid.UUID) -> MandatePublic:
    row = (await uow.session.execute(
        select(mandate_table).where(mandate_table.c.mandate_id == mandate_id))).mappings().first()
    if row is None:
        raise ProblemError(404, "Not found", f"mandate {mandate_id} does not exist")
    return _public(row)


@router.post("/mandates", status_code=201, response_model=MandatePublic)
async def create_mandate(
    body: MandateCreate, uow: UowDep, key: IdempotencyKey, principal: Principal = Depends(require_roles(*OFFICERS)),
) -> JSONResponse:
    """Set up a mandate: bank details modulus-checked, the AUDDIS 0N instruction queued, the
    instalment worked out from the weekly charge, and the advance notice sent."""
    async def action() -> MandatePublic:
        mandate_id = await mandates.create_mandate(mandates.NewMandate(
            account_ref=body.account_ref, payer_name=body.payer_name, sort_code=body.sort_code,
            account_number=body.account_number, frequency=body.frequency, collection_day=body.collection_day,
            first_collection=body.first_collection, actor=principal.actor, today=date.today()), uow)
        return await _load(uow, mandate_id)

    return await run_once(uow, "mandate.create", key, principal, body.model_dump(), answering(201, action))


@router.get("/mandates/{mandate_id}", response_model=MandatePublic)
async def get_mandate(mandate_id: uuid.UUID, uow: UowDep,
                      _: Principal = Depends(require_roles(*READERS))) -> MandatePublic:
    async with uow:
        return await _load(uow, mandate_id)


@router.get("/accounts/{account_ref}/mandates", response_model=list[MandatePublic])
async def account_mandates(account_ref: str, uow: UowDep,
                           _: Principal = Depends(require_roles(*READERS))) -> list[MandatePublic]:
    async with uow:
        rows = (await uow.session.execute(select(mandate_table).where(mandate_table.c.account_ref == account_ref)
                                          .order_by(mandate_table.c.created_at))).mappings().all()
    return [_public(r) for r in rows]


@router.post("/mandates/{mandate_id}/bank-details", response_model=MandatePublic)
async def amend_bank_details(
    mandate_id: uuid.UUID, body: MandateBankDetails, uow: UowDep, key: IdempotencyKey,
    principal: Principal = Depends(require_roles(*OFFICERS)),
) -> JSONResponse:
    async def action() -> MandatePublic:
        await mandates.amend_bank_details(uow, mandate_id, body.sort_code, body.account_number,
                                          body.payer_name, principal.actor, body.reason)
        return await _load(uow, mandate_id)

    payload = {"id": mandate_id, **body.model_dump()}
    return await run_once(uow, "mandate.amend", key, principal, payload, answering(200, action))


@router.post("/mandates/{mandate_id}/cancel", response_model=MandatePublic)
async def cancel_mandate(
    mandate_id: uuid.UUID, body: MandateCancel, uow: UowDep, key: IdempotencyKey,
    principal: Principal = Depends(require_roles(*OFFICERS)),
) -> JSONResponse:
    async def action() -> MandatePublic:
        if not await mandates.cancel_mandate(uow, mandate_id, date.today(), "STAFF", body.reason,
                                             principal.actor):
            raise ProblemError(409, "Conflict", f"mandate {mandate_id} is already cancelled or rejected")
        return await _load(uow, mandate_id)

    payload = {"id": mandate_id, **body.model_dump()}
    return await run_once(uow, "mandate.cancel", key, principal, payload, answering(200, action))


@router.get("/mandates/{mandate_id}/collections", response_model=list[CollectionPublic])
async def mandate_collections(mandate_id: uuid.UUID, uow: UowDep, limit: Limit = 100,
                              _: Principal = Depends(require_roles(*READERS))) -> list[CollectionPublic]:
    async with uow:
        rows = (await uow.session.execute(
            select(collection_table).where(collection_table.c.mandate_id == mandate_id)
            .order_by(collection_table.c.due_date).limit(limit))).mappings().all()
    return [CollectionPublic(**r) for r in rows]


async def _file(uow: UnitOfWork, file_id: uuid.UUID) -> BacsFilePublic:
    row = (await uow.session.execute(
        select(bacs_file_table).where(bacs_file_table.c.file_id == file_id))).mappings().first()
    if row is None:
        raise ProblemError(404, "Not found", f"Bacs file {file_id} does not exist")
    return BacsFilePublic(**row)


@router.post("/auddis-files", status_code=201, response_model=BacsFilePublic)
async def auddis_file(
    body: BacsFileRequest, uow: UowDep, key: IdempotencyKey,
    principal: Principal = Depends(require_roles(Role.INCOME_OFFICER, Role.SENIOR_OFFICER)),
) -> JSONResponse:
    """Lodge every pending instruction (0N new, 0C cancel) in a Standard 18 AUDDIS file."""
    async def action() -> BacsFilePublic:
        file_id = await bacs_files.generate_auddis_file(uow, principal.actor, body.on)
        if file_id is None:
            raise ProblemError(404, "Nothing to lodge", "there are no pending AUDDIS instructions")
        return await _file(uow, file_id)

    return await run_once(uow, "bacs.auddis", key, principal, body.model_dump(), answering(201, action))


@router.post("/collection-files", status_code=201, response_model=BacsFilePublic)
async def collection_file(
    body: BacsFileRequest, uow: UowDep, key: IdempotencyKey,
    principal: Principal = Depends(require_roles(Role.INCOME_OFFICER, Role.SENIOR_OFFICER)),
) -> JSONResponse:
    """The Standard 18 collection file for a collection date; the collections are credited."""
    async def action() -> BacsFilePublic:
        file_id = await bacs_files.generate_collection_file(uow, principal.actor, body.on, date.today())
        return await _file(uow, file_id)

    return await run_once(uow, "bacs.collection", key, principal, body.model_dump(), answering(201, action))


@router.get("/files/{file_id}", response_model=BacsFilePublic)
async def bacs_file(file_id: uuid.UUID, uow: UowDep,
                    _: Principal = Depends(require_roles(*READERS))) -> BacsFilePublic:
    async with uow:
        return await _file(uow, file_id)


@router.get("/files/{file_id}/content", response_class=PlainTextResponse)
async def bacs_file_content(file_id: uuid.UUID, uow: UowDep,
                            _: Principal = Depends(require_roles(Role.INCOME_OFFICER, Role.SENIOR_OFFICER))) -> str:
    async with uow:
        await _file(uow, file_id)
        return (await uow.session.execute(
            select(bacs_file_table.c.content).where(bacs_file_table.c.file_id == file_id))).scalar_one()
