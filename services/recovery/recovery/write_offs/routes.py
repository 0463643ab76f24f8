import uuid
from datetime import date

from fastapi import APIRouter, Depends
from fastapi.responses import JSONResponse
from sqlalchemy import Select, func, literal, select

from recovery.access import APPROVERS, OFFICERS, READERS
from recovery.write_offs import service as write_offs
from recovery.write_offs.schemas import WriteOffCreate, WriteOffDecision, WriteOffPublic
from recovery.write_offs.tables import write_off_table
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.idempotency import IdempotencyKey, remember, replay
from shared.web.pagination import Limit
from shared.web.reconciliation import totals_router
from shared.web.security import require_roles

router = APIRouter(tags=["write-offs"])


def _approved_totals() -> list[Select]:
    w = write_off_table
    return [select(literal("write_off").label("kind"), func.count().label("count"),
                   func.coalesce(func.sum(w.c.amount), 0).label("amount")).where(w.c.status == "approved")]


# For the cross-service reconciliation: the approved write-offs recovery has asked billing to post.
write_off_totals_router = totals_router("/reports/write-off-totals", _approved_totals,
                                        summary="Approved write-offs, totalled")


async def _public(uow, write_off_id: uuid.UUID) -> WriteOffPublic:
    row = (await uow.session.execute(select(write_off_table).where(
        write_off_table.c.write_off_id == write_off_id))).mappings().one()
    return WriteOffPublic(**row)


@router.post("/write-offs", response_model=WriteOffPublic, status_code=201)
async def propose(body: WriteOffCreate, uow: UowDep, key: IdempotencyKey,
                  user: Principal = Depends(require_roles(*OFFICERS))):
    payload = body.model_dump(mode="json")
    async with uow:
        if (stored := await replay(uow.session, "write-off-propose", key, user.actor, payload)) is not None:
            return stored
        write_off_id = await write_offs.propose(uow, body.account_ref, body.amount, body.reason, body.note,
                                                user.actor, date.today())
        result = await _public(uow, write_off_id)
        await remember(uow.session, "write-off-propose", key, user.actor, payload, 201, result.model_dump(mode="json"))
        await uow.commit()
    return JSONResponse(result.model_dump(mode="json"), status_code=201)


@router.post("/write-offs/{write_off_id}/approve", response_model=WriteOffPublic)
async def approve(write_off_id: uuid.UUID, uow: UowDep, key: IdempotencyKey,
                  user: Principal = Depends(require_roles(*APPROVERS))):
    """Maker-checker: someone other than the proposer, within their role's limit → WriteOffApproved."""
    payload = {"write_off_id": str(write_off_id)}
    async with uow:
        if (stored := await replay(uow.session, "write-off-approve", key, user.actor, payload)) is not None:
            return stored
        await write_offs.approve(uow, write_off_id, user.actor, user.roles, date.today())
        result = await _public(uow, write_off_id)
        await remember(uow.session, "write-off-approve", key, user.actor, payload, 200, result.model_dump(mode="json"))
        await uow.commit()
    return result


@router.post("/write-offs/{write_off_id}/reject", response_model=WriteOffPublic)
async def reject(write_off_id: uuid.UUID, body: WriteOffDecision, uow: UowDep,
                 user: Principal = Depends(require_roles(*APPROVERS))) -> WriteOffPublic:
    async with uow:
        await write_offs.reject(uow, write_off_id, user.actor, body.note or "rejected", date.today())
        await uow.commit()
        return await _public(uow, write_off_id)


@router.get("/write-offs", response_model=list[WriteOffPublic])
async def list_write_offs(uow: UowDep, status: str = "proposed", limit: Limit = 100,
                          _: Principal = Depends(require_roles(*READERS))) -> list[WriteOffPublic]:
    async with uow:
        rows = (await uow.session.execute(select(write_off_table).where(write_off_table.c.status == status)
                                          .order_by(write_off_table.c.created_at).limit(limit))).mappings().all()
    return [WriteOffPublic(**r) for r in rows]
