from fastapi import APIRouter, Depends

from billing.access import STAFF_READ
from billing.tenancies import queries as tenancies_queries
from billing.tenancies import service as tenancy_service
from billing.tenancies.commands import CreateProperty
from billing.tenancies.schemas import PropertyCreate, PropertyPublic
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(prefix="/properties", tags=["properties"])


@router.post("", status_code=201, response_model=PropertyPublic)
async def create_property(
    body: PropertyCreate,
    uow: UowDep,
    user: Principal = Depends(require_roles(Role.RENT_OFFICER, Role.SENIOR_OFFICER)),
) -> PropertyPublic:
    async with uow:
        await tenancy_service.create_property(CreateProperty(**body.model_dump(), actor=user.actor), uow)
        await uow.commit()
    return PropertyPublic(**body.model_dump())


@router.get("/{property_ref}", response_model=PropertyPublic)
async def get_property(
    property_ref: str, uow: UowDep, _: Principal = Depends(require_roles(*STAFF_READ))
) -> PropertyPublic:
    async with uow:
        found = await tenancies_queries.property_exists(uow.session, property_ref)
    if found is None:
        raise ProblemError(404, "Not found", f"property {property_ref} does not exist")
    return PropertyPublic(**found)
