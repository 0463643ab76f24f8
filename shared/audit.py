"""The append-only audit log: who did what, when, to what, before/after and why.
Written in the same transaction as the change it records.

A record may also name the account it concerns (``account_ref``), so that an account's
trail — changes to the account itself and to its tenancy, lease, charges — is found in one
place (``account_trail``). The column is added by
``shared.db.platform_migrations.upgrade_audit_account_ref``: a service passes
``account_ref`` and reads the trail only once its migrations have run that step (billing's
0010 does); ``platform_tables.audit_table`` keeps the columns every service has."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import BigInteger, DateTime, String, Text, and_, column, func, insert, or_, select, table
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.ext.asyncio import AsyncSession

from shared.db.platform_tables import audit_table

# The audit log with the account column (a plain table clause: no metadata, no autogenerate).
audit_by_account = table(
    "audit_log",
    column("id", BigInteger), column("at", DateTime(timezone=True)), column("actor", String),
    column("action", String), column("entity", String), column("entity_id", String), column("before", JSONB),
    column("after", JSONB), column("reason", Text), column("source", String), column("account_ref", String),
)


async def record(
    session: AsyncSession,
    *,
    actor: str,
    action: str,
    entity: str,
    entity_id: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str | None = None,
    source: str | None = None,
    account_ref: str | None = None,
) -> None:
    values = {"actor": actor, "action": action, "entity": entity, "entity_id": entity_id, "before": before,
              "after": after, "reason": reason, "source": source}
    if account_ref is None:
        await session.execute(insert(audit_table).values(**values))
    else:
        await session.execute(insert(audit_by_account).values(**values, account_ref=account_ref))


async def account_trail(session: AsyncSession, account_ref: str, *, also: Iterable[tuple[str, str]] = (),
                        limit: int, offset: int = 0) -> tuple[list[dict[str, Any]], int]:
    """A page of the records concerning the account, newest first, and how many there are:
    those naming it, and those about any of the ``also`` (entity, entity_id) pairs (say, its
    tenancy, for records written before the column was)."""
    a = audit_by_account
    concerns = or_(a.c.account_ref == account_ref, *(and_(a.c.entity == e, a.c.entity_id == i) for e, i in also))
    rows = await session.execute(select(a).where(concerns).order_by(a.c.id.desc()).limit(limit).offset(offset))
    total = (await session.execute(select(func.count()).select_from(a).where(concerns))).scalar_one()
    return [dict(r) for r in rows.mappings()], total
