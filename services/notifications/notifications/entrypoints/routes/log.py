import uuid
from datetime import datetime
from typing import Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel
from sqlalchemy import select

from notifications.adapters.orm import notification_table as notifications
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.pagination import Limit
from shared.web.security import require_roles

router = APIRouter(tags=["delivery log"])
READERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER, Role.AUDITOR)


class NotificationPublic(BaseModel):
    notification_id: uuid.UUID
    event_id: uuid.UUID
    event_type: str
    letter_type: str
    account_ref: str
    channel: str
    status: str
    failure_reason: str | None
    requested_at: datetime
    data: dict[str, Any]


@router.get("/notifications", response_model=list[NotificationPublic])
async def delivery_log(
    uow: UowDep,
    account_ref: str | None = None,
    status: str | None = None,
    limit: Limit = 100,
    _: Principal = Depends(require_roles(*READERS)),
) -> list[NotificationPublic]:
    query = select(notifications).order_by(notifications.c.requested_at.desc()).limit(limit)
    if account_ref:
        query = query.where(notifications.c.account_ref == account_ref)
    if status:
        query = query.where(notifications.c.status == status)
    async with uow:
        rows = (await uow.session.execute(query)).mappings().all()
    return [NotificationPublic(**r) for r in rows]
