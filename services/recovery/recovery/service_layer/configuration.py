"""Behaviour held in the database: arrears policies, the arrangement tolerance and
write-off approval limits. Every change is audited with before and after."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.adapters.orm import arrears_policy_table as policies
from recovery.adapters.orm import recovery_setting_table as settings
from recovery.domain.arrangements import Tolerance
from recovery.domain.exceptions import Conflict, NotFound, RecoveryError
from recovery.domain.policy import PolicyBody
from shared import audit
from shared.auth.principal import Role
from shared.money import Money, MoneyError


class ToleranceSetting(BaseModel):
    model_config = ConfigDict(extra="forbid")

    amount: Money = Field(description="a period short by up to this much still counts as kept")
    percent: Decimal = Field(Decimal(0), ge=0, le=100, decimal_places=2)


def validate_setting(key: str, value: dict[str, Any]) -> dict[str, Any]:
    """The stored form of a setting, or RecoveryError saying what is wrong with it."""
    if key == "arrangement_tolerance":
        return ToleranceSetting.model_validate(value).model_dump(mode="json")
    if key == "write_off_limits":
        unknown = sorted(set(value) - set(Role))
        if unknown:
            raise RecoveryError(f"write_off_limits names unknown roles: {unknown}")
        try:
            return {role: str(Money(amount)) for role, amount in value.items()}
        except MoneyError as exc:
            raise RecoveryError(f"write_off_limits: {exc}") from None
    raise NotFound(f"no setting {key}")


async def load_policies(session: AsyncSession) -> dict[str, tuple[PolicyBody, int]]:
    rows = (await session.execute(select(policies))).all()
    return {r.policy_code: (PolicyBody.model_validate(r.body), r.version) for r in rows}


async def policy_for_type(session: AsyncSession, account_type: str | None) -> tuple[str, PolicyBody]:
    for code, (policy, _) in (await load_policies(session)).items():
        if account_type in policy.account_types:
            return code, policy
    raise NotFound(f"no arrears policy covers {account_type or 'unknown'} accounts")


async def save_policy(session: AsyncSession, code: str, body: PolicyBody, actor: str, reason: str) -> int:
    held = await load_policies(session)
    for other, (policy, _) in held.items():
        overlap = set(policy.account_types) & set(body.account_types)
        if other != code and overlap:
            raise Conflict(f"policy {other} already covers {sorted(overlap)}")
    before = held.get(code)
    version = before[1] + 1 if before else 1
    data = body.model_dump(mode="json")
    stmt = insert(policies).values(policy_code=code, body=data, version=version, updated_by=actor)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[policies.c.policy_code],
        set_={"body": stmt.excluded.body, "version": stmt.excluded.version, "updated_by": actor},
    ))
    await audit.record(session, actor=actor, action="update" if before else "create", entity="arrears_policy",
                       entity_id=code, before=before[0].model_dump(mode="json") if before else None,
                       after=data, reason=reason)
    return version


async def get_setting(session: AsyncSession, key: str) -> dict[str, Any]:
    value = (await session.execute(select(settings.c.value).where(settings.c.key == key))).scalar()
    if value is None:
        raise NotFound(f"no setting {key}")
    return value


async def put_setting(session: AsyncSession, key: str, value: dict[str, Any], actor: str, reason: str) -> None:
    before = (await session.execute(select(settings.c.value).where(settings.c.key == key))).scalar()
    if before is None:
        raise NotFound(f"no setting {key}")
    stmt = insert(settings).values(key=key, value=value, updated_by=actor)
    await session.execute(stmt.on_conflict_do_update(
        index_elements=[settings.c.key], set_={"value": stmt.excluded.value, "updated_by": actor}))
    await audit.record(session, actor=actor, action="update", entity="recovery_setting", entity_id=key,
                       before=before, after=value, reason=reason)


async def tolerance(session: AsyncSession) -> Tolerance:
    value = ToleranceSetting.model_validate(await get_setting(session, "arrangement_tolerance"))
    return Tolerance(value.amount, value.percent)


async def write_off_limits(session: AsyncSession) -> dict[str, Money]:
    return {role: Money(v) for role, v in (await get_setting(session, "write_off_limits")).items()}
