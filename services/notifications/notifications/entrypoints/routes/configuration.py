"""Configuration held in the database: the landlord's details on every letter, the
delivery policy, the GOV.UK Notify templates and template version pins. Every change
is audited with who, when, before, after and why."""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends

from notifications.domain.configuration import DeliveryPolicy, Landlord, NotifyTemplates, TemplatePins
from notifications.entrypoints.schemas import ConfigChange, ConfigPublic
from notifications.service_layer import staff_actions
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.security import require_roles

router = APIRouter(prefix="/config", tags=["configuration"])
READERS = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER, Role.AUDITOR)


def _routes(key: str, model: type[Any], summary: str) -> None:
    async def read(uow: UowDep, _: Principal = Depends(require_roles(*READERS))) -> ConfigPublic[Any]:
        async with uow:
            return ConfigPublic[model](**await staff_actions.config_of(key, uow))

    async def write(body: ConfigChange[model], uow: UowDep,  # type: ignore[valid-type]
                    user: Principal = Depends(require_roles(Role.ADMIN))) -> ConfigPublic[Any]:
        async with uow:
            await staff_actions.change_config(key, body.value, body.reason, user.actor, uow)
            await uow.commit()
            return ConfigPublic[model](**await staff_actions.config_of(key, uow))

    add: Callable[..., Any] = router.add_api_route
    add(f"/{key}", read, methods=["GET"], response_model=ConfigPublic[model], summary=summary)
    add(f"/{key}", write, methods=["PUT"], response_model=ConfigPublic[model], summary=f"Change: {summary}")


_routes("landlord", Landlord, "The landlord's details printed on every letter")
_routes("delivery_policy", DeliveryPolicy, "Retries with backoff, letter route (print room or Notify), postage")
_routes("notify_templates", NotifyTemplates, "GOV.UK Notify templates for email and SMS")
_routes("template_pins", TemplatePins, "Letter types held on an older template version")
