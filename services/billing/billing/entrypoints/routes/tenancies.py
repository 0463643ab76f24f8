from fastapi import APIRouter, Depends

from billing.domain.model import Tenant
from billing.entrypoints.schemas import TenancyCreate, TenancyCreated
from billing.service_layer import handlers
from billing.service_layer.commands import StartTenancy
from shared.auth.principal import Principal, Role
from shared.web.app import UowDep
from shared.web.security import require_roles

router = APIRouter(prefix="/tenancies", tags=["tenancies"])


@router.post("", status_code=201, response_model=TenancyCreated)
async def start_tenancy(
    body: TenancyCreate,
    uow: UowDep,
    user: Principal = Depends(require_roles(Role.RENT_OFFICER, Role.SENIOR_OFFICER)),
) -> TenancyCreated:
    cmd = StartTenancy(
        tenancy_ref=body.tenancy_ref,
        property_ref=body.property_ref,
        tenure=body.tenure,
        start_date=body.start_date,
        tenants=[Tenant(**t.model_dump()) for t in body.tenants],
        charges={c.charge_type: c.weekly_amount for c in body.charges},
        actor=user.actor,
    )
    async with uow:
        account_ref = await handlers.start_tenancy(cmd, uow)
        await uow.commit()
    return TenancyCreated(tenancy_ref=body.tenancy_ref, account_ref=account_ref)
