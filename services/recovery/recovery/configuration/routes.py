from fastapi import APIRouter, Depends
from pydantic import ValidationError

from recovery.access import READERS, SENIOR
from recovery.configuration import settings as configuration
from recovery.configuration.schemas import SettingUpdate
from recovery.errors import RecoveryError
from shared.auth.principal import Principal
from shared.messaging.consumer import validation_detail
from shared.web.app import UowDep
from shared.web.security import require_roles

router = APIRouter(tags=["configuration"])


@router.get("/settings/{key}")
async def get_setting(key: str, uow: UowDep, _: Principal = Depends(require_roles(*READERS))) -> dict:
    async with uow:
        return {"key": key, "value": await configuration.get_setting(uow.session, key)}


@router.put("/settings/{key}")
async def put_setting(key: str, body: SettingUpdate, uow: UowDep,
                      user: Principal = Depends(require_roles(*SENIOR))) -> dict:
    """The arrangement tolerance or the write-off approval limits; audited."""
    try:
        value = configuration.validate_setting(key, body.value)
    except ValidationError as exc:
        raise RecoveryError(f"{key}: {validation_detail(exc)}") from None
    async with uow:
        await configuration.put_setting(uow.session, key, value, user.actor, body.reason)
        await uow.commit()
    return {"key": key, "value": value}
