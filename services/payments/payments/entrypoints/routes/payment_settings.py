"""Payments settings (Direct Debit notice, re-presentation, originator details), audited."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from payments.entrypoints.schemas import SettingChange
from payments.service_layer import config
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.security import require_roles

router = APIRouter(tags=["settings"])


@router.get("/settings")
async def list_settings(
    uow: UowDep, _: Principal = Depends(require_roles(Role.INCOME_OFFICER, Role.SENIOR_OFFICER, Role.AUDITOR))
) -> dict[str, Any]:
    async with uow:
        return await config.current(uow.session)


@router.put("/settings/{key}")
async def change_setting(
    key: str, body: SettingChange, uow: UowDep,
    principal: Principal = Depends(require_roles(Role.SENIOR_OFFICER)),
) -> dict[str, Any]:
    async with uow:
        await config.change(uow.session, key, body.value, principal.actor, body.reason)
        await uow.commit()
        return await config.current(uow.session)
