from fastapi import APIRouter, Depends

from billing.adapters import repository as repo
from billing.entrypoints.schemas import PropertyCreate, PropertyPublic
from billing.service_layer import handlers
from billing.service_layer.commands import CreateProperty
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(prefix="/properties", tags=["properties"])

STAFF_READ = (Role.RENT_OFFICER, Role.INCOME_OFFICER, Role.LEASEHOLD_OFFICER, Role.SENIOR_OFFICER,
              Role.FINANCE_APPROVER, Role.AUDITOR)


@router.post("", status_code=201, response_model=PropertyPublic)
async def create_property(
    body: PropertyCreate,
    uow: UowDep,
    user: Principal = Depends(require_roles(Role.RENT_OFFICER, Role.SENIOR_OFFICER)),
) -> PropertyPublic:
    async with uow:
        await handlers.create_property(CreateProperty(**body.model_dump(), actor=user.actor), uow)
        await uow.commit()
    return PropertyPublic(**body.model_dump())


@router.get("/{property_ref}", response_model=PropertyPublic)
async def get_property(
    property_ref: str, uow: UowDep, _: Principal = Depends(require_roles(*STAFF_READ))
) -> PropertyPublic:
    async with uow:
        found = await repo.property_exists(uow.session, property_ref)
    if found is None:
        raise ProblemError(404, "Not found", f"property {property_ref} does not exist")
    return PropertyPublic(**found)
