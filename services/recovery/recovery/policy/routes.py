from fastapi import APIRouter, Depends

from recovery.access import READERS, SENIOR
from recovery.policy import service
from recovery.policy.queries import load_policies
from recovery.policy.schemas import PolicyPublic, PolicyUpdate
from shared.auth.principal import Principal
from shared.web.app import UowDep
from shared.web.problems import ProblemError
from shared.web.security import require_roles

router = APIRouter(tags=["configuration"])


@router.get("/policies", response_model=list[PolicyPublic])
async def list_policies(uow: UowDep, _: Principal = Depends(require_roles(*READERS))) -> list[PolicyPublic]:
    async with uow:
        held = await load_policies(uow.session)
    return [PolicyPublic(policy_code=c, version=v, policy=p) for c, (p, v) in sorted(held.items())]


@router.get("/policies/{policy_code}", response_model=PolicyPublic)
async def get_policy(policy_code: str, uow: UowDep, _: Principal = Depends(require_roles(*READERS))) -> PolicyPublic:
    async with uow:
        held = await load_policies(uow.session)
    if policy_code not in held:
        raise ProblemError(404, "Not found", f"no policy {policy_code}")
    policy, version = held[policy_code]
    return PolicyPublic(policy_code=policy_code, version=version, policy=policy)


@router.put("/policies/{policy_code}", response_model=PolicyPublic)
async def put_policy(policy_code: str, body: PolicyUpdate, uow: UowDep,
                     user: Principal = Depends(require_roles(*SENIOR))) -> PolicyPublic:
    """Create or replace a policy (stages, triggers, hold-backs); audited with before and after."""
    if not policy_code.replace("_", "").isalnum() or len(policy_code) > 40:
        raise ProblemError(422, "Request refused", "policy_code must be letters, digits and underscores")
    async with uow:
        version = await service.save_policy(uow.session, policy_code, body.policy, user.actor, body.reason)
        await uow.commit()
    return PolicyPublic(policy_code=policy_code, version=version, policy=body.policy)
