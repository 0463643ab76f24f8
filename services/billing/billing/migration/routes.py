"""Migrating from a legacy housing system: upload an extract's CSV files for a dry run
(every problem, nothing written) or a load (all or nothing, idempotent, reconciled)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, UploadFile
from fastapi.responses import JSONResponse

from billing.access import STAFF_READ, authorised_account
from billing.errors import NotFound
from billing.migration import service as migration
from billing.migration import store as migration_store
from billing.migration.layouts import LAYOUTS
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["legacy migration"])

MIGRATORS = (Role.SENIOR_OFFICER, Role.ADMIN)

MAX_FILE_BYTES = 200 * 1024 * 1024


async def _contents(files: list[UploadFile]) -> dict[str, str]:
    contents: dict[str, str] = {}
    for upload in files:
        name = (upload.filename or "").rsplit("/", 1)[-1].lower()
        if name in contents:
            raise ProblemError(422, "Duplicate file", f"{name} was given twice")
        data = await upload.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise ProblemError(413, "File too large", f"{name} is over {MAX_FILE_BYTES} bytes")
        try:
            contents[name] = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ProblemError(422, "Not UTF-8", f"{name} is not UTF-8 text (byte {exc.start})") from None
    return contents


def _public(batch: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if k in ("control_total", "cut_over_date", "loaded_at") else v) for k, v in batch.items()}


@router.post("/migrations/dry-run", summary="Validate an extract: every problem with file and line; nothing is written",
             description=f"Multipart upload of the extract's files, named {', '.join(LAYOUTS)} "
                         "(history.csv optional). The layouts are documented in samples/migration/README.md.")
async def dry_run(files: list[UploadFile], uow: UowDep,
                  _: Principal = Depends(require_roles(*MIGRATORS))) -> JSONResponse:
    contents = await _contents(files)
    async with uow:
        report = await migration.dry_run(contents, uow)
    return JSONResponse(_json(report), status_code=200)


@router.post("/migrations", status_code=201,
             summary="Load an extract: all or nothing, reconciled to its control totals",
             responses={200: {"description": "The same extract was loaded before: nothing done, its record"},
                        409: {"description": "The extract id was loaded before with different content"},
                        422: {"description": "Problems in the extract (all listed) or balances that do not "
                                             "reconcile; nothing written"}})
async def load(files: list[UploadFile], uow: UowDep,
               user: Principal = Depends(require_roles(*MIGRATORS))) -> JSONResponse:
    contents = await _contents(files)
    async with uow:
        try:
            loaded = await migration.load(contents, user.actor, uow)
        except migration.MigrationRejected as exc:
            raise ProblemError(422, "Extract rejected", str(exc), type_="urn:rent:problem:migration-rejected",
                               **_json(exc.report)) from None
        except migration.NotReconciled as exc:
            raise ProblemError(422, "Extract does not reconcile", str(exc),
                               type_="urn:rent:problem:migration-not-reconciled",
                               reconciliation=exc.reconciliation) from None
        await uow.commit()
    return JSONResponse(_public(loaded.batch) | {"replayed": loaded.replayed},
                        status_code=200 if loaded.replayed else 201)


@router.get("/migrations", summary="Extracts loaded")
async def list_batches(uow: UowDep, limit: Limit = 50,
                       _: Principal = Depends(require_roles(*STAFF_READ))) -> list[dict[str, Any]]:
    async with uow:
        return [_public(b) for b in await migration_store.batches(uow.session, limit)]


@router.get("/migrations/{extract_id}/reconciliation",
            summary="Recompute from the ledger: migrated balances per account and in total against the legacy totals")
async def reconciliation(extract_id: str, uow: UowDep,
                         _: Principal = Depends(require_roles(*STAFF_READ))) -> dict[str, Any]:
    async with uow:
        batch = await migration_store.batch(uow.session, extract_id)
        if batch is None:
            raise NotFound(f"extract {extract_id} has not been loaded")
        return await migration_store.reconciliation(uow.session, extract_id, batch["control_total"])


@router.get("/accounts/{account_ref}/legacy-transactions",
            summary="The transaction history brought over from the legacy system (for reference: its sum is "
                    "already in the migrated balance)")
async def legacy_transactions(account_ref: str, uow: UowDep, limit: Limit = 100,
                              user: Principal = Depends(require_roles(*STAFF_READ))) -> list[dict[str, Any]]:
    async with uow:
        await authorised_account(uow.session, user, account_ref)
        return await migration_store.history(uow.session, account_ref, limit)


def _json(report: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if k in ("cut_over_date", "balance_total") and v is not None else v)
            for k, v in report.items()}
