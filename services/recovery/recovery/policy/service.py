"""Create or replace an arrears policy; audited with before and after."""

from __future__ import annotations

from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.errors import Conflict
from recovery.policy.definitions import PolicyBody
from recovery.policy.queries import load_policies
from recovery.policy.tables import arrears_policy_table as policies
from shared import audit


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
