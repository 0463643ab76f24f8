"""The arrears policies as stored: all of them, and the one covering an account type. Never commits."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.errors import NotFound
from recovery.policy.definitions import PolicyBody
from recovery.policy.tables import arrears_policy_table as policies


async def load_policies(session: AsyncSession) -> dict[str, tuple[PolicyBody, int]]:
    rows = (await session.execute(select(policies))).all()
    return {r.policy_code: (PolicyBody.model_validate(r.body), r.version) for r in rows}


async def policy_for_type(session: AsyncSession, account_type: str | None) -> tuple[str, PolicyBody]:
    for code, (policy, _) in (await load_policies(session)).items():
        if account_type in policy.account_types:
            return code, policy
    raise NotFound(f"no arrears policy covers {account_type or 'unknown'} accounts")
