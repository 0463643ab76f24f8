"""Delivery receipts from GOV.UK Notify. Notify cannot hold a platform token, so it
authenticates with the bearer token configured for the callback in Notify."""

import hmac
import uuid
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import BaseModel, ConfigDict

from notifications.service_layer.receipts import record_receipt
from shared.web.app import UowDep
from shared.web.problems import ProblemError

router = APIRouter(tags=["GOV.UK Notify callbacks"])


class NotifyReceipt(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: uuid.UUID
    reference: str | None = None
    status: str
    notification_type: str | None = None
    completed_at: datetime | None = None


@router.post("/notify/callbacks", status_code=204)
async def delivery_receipt(
    receipt: NotifyReceipt, request: Request, uow: UowDep,
    authorization: Annotated[str | None, Header()] = None,
) -> None:
    expected = request.app.state.settings.notify_callback_token
    given = (authorization or "").removeprefix("Bearer ").strip()
    if expected is None or not hmac.compare_digest(given, expected.get_secret_value()):
        raise ProblemError(401, "Authentication required", "Send the callback bearer token configured in Notify.",
                           type_="urn:rent:problem:unauthenticated")
    async with uow:
        await record_receipt(str(receipt.id), receipt.status, receipt.completed_at, uow)
        await uow.commit()
