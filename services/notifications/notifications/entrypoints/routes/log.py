"""The delivery log: each notification, its status and the letter as rendered."""

import uuid

from fastapi import APIRouter, Depends, Response
from sqlalchemy import select

from notifications.adapters.orm import notification_document_table as documents
from notifications.adapters.orm import notification_table as notifications
from notifications.entrypoints.routes.access import in_my_patches, require_account
from notifications.entrypoints.schemas import NotificationPublic, RetryRequest
from notifications.service_layer import staff_actions
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["delivery log"])
READERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER, Role.AUDITOR)
OFFICERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER)


@router.get("/notifications", response_model=list[NotificationPublic])
async def delivery_log(
    uow: UowDep,
    account_ref: str | None = None,
    status: str | None = None,
    letter_type: str | None = None,
    event_id: uuid.UUID | None = None,
    limit: Limit = 100,
    who: Principal = Depends(require_roles(*READERS)),
) -> list[NotificationPublic]:
    query = select(notifications).order_by(notifications.c.requested_at.desc()).limit(limit)
    for column, value in ((notifications.c.account_ref, account_ref), (notifications.c.status, status),
                          (notifications.c.letter_type, letter_type), (notifications.c.event_id, event_id)):
        if value is not None:
            query = query.where(column == value)
    if (mine := in_my_patches(who, notifications.c.account_ref)) is not None:
        query = query.where(mine)
    async with uow:
        rows = (await uow.session.execute(query)).mappings().all()
    return [NotificationPublic(**r) for r in rows]


@router.get("/notifications/{notification_id}", response_model=NotificationPublic)
async def get_notification(
    notification_id: uuid.UUID, uow: UowDep, who: Principal = Depends(require_roles(*READERS))
) -> NotificationPublic:
    async with uow:
        return NotificationPublic(**await _visible(uow, who, notification_id))


@router.get("/notifications/{notification_id}/pdf", response_class=Response,
            responses={200: {"content": {"application/pdf": {}}}})
async def notification_pdf(
    notification_id: uuid.UUID, uow: UowDep, who: Principal = Depends(require_roles(*READERS))
) -> Response:
    async with uow:
        await _visible(uow, who, notification_id)
        pdf = (await uow.session.execute(
            select(documents.c.pdf).where(documents.c.notification_id == notification_id)
        )).scalar()
    if pdf is None:
        raise ProblemError(404, "Not found", f"notification {notification_id} has no rendered letter")
    return Response(pdf, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="{notification_id}.pdf"'})


@router.post("/notifications/{notification_id}/retry", response_model=NotificationPublic)
async def retry_failed(
    notification_id: uuid.UUID, body: RetryRequest, uow: UowDep,
    user: Principal = Depends(require_roles(*OFFICERS)),
) -> NotificationPublic:
    """Try a failed notification again (after its cause, e.g. a missing address, is mended)."""
    async with uow:
        await _visible(uow, user, notification_id)
        row = await staff_actions.retry_failed(notification_id, body.reason, user.actor, uow)
        await uow.commit()
    return NotificationPublic(**row)


async def _visible(uow, who: Principal, notification_id: uuid.UUID):
    row = (await uow.session.execute(
        select(notifications).where(notifications.c.notification_id == notification_id)
    )).mappings().first()
    if row is None:
        raise ProblemError(404, "Not found", f"notification {notification_id} does not exist")
    await require_account(uow, who, row["account_ref"])
    return row
