"""Recovery's audit records concerning one account, newest first. The audit log keeps an
entity and its id, not the account: each entity's ids for the account come from the SQL
fragment its owning package exports. Never commits."""

from __future__ import annotations

from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from recovery.arrangements import queries as arrangements
from recovery.breathing_space import queries as breathing_space
from recovery.caseloads import queries as caseloads
from recovery.cases import queries as cases
from recovery.former_tenants import queries as former_tenants
from recovery.write_offs import queries as write_offs

# entity (as audit.record names it) -> the SELECT yielding its ids for :account_ref.
ENTITIES = {
    "recovery_case": cases.CASE_IDS_OF_ACCOUNT,
    "arrangement": arrangements.IDS_OF_ACCOUNT,
    "breathing_space": breathing_space.IDS_OF_ACCOUNT,
    "recommendation": caseloads.RECOMMENDATION_IDS_OF_ACCOUNT,
    "write_off": write_offs.IDS_OF_ACCOUNT,
    "fta_case": former_tenants.FTA_IDS_OF_ACCOUNT,
    "dca_referral": former_tenants.REFERRAL_IDS_OF_ACCOUNT,
}
_CONCERNING = "\n   OR ".join(f"(entity = '{entity}' AND entity_id IN ({ids}))" for entity, ids in ENTITIES.items())

ACCOUNT_AUDIT = text(f"""
SELECT id, at, actor, action, entity, entity_id, before, after, reason, source, count(*) OVER () AS total
FROM audit_log
WHERE (entity = 'account' AND entity_id = :account_ref)
   OR {_CONCERNING}
ORDER BY at DESC, id DESC
LIMIT :limit OFFSET :offset
""")


async def account_audit(session: AsyncSession, account_ref: str, limit: int, offset: int) -> tuple[list[Any], int]:
    """One page of the account's audit records and how many there are in all."""
    params = {"account_ref": account_ref, "limit": limit, "offset": offset}
    rows = list((await session.execute(ACCOUNT_AUDIT, params)).mappings().all())
    if rows or offset == 0:
        return rows, rows[0]["total"] if rows else 0
    first = (await session.execute(ACCOUNT_AUDIT, {**params, "limit": 1, "offset": 0})).mappings().first()
    return rows, first["total"] if first else 0
