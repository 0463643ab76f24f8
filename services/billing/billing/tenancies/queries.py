"""Reading properties, tenancies and their current tenants."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from billing.tenancies.tables import property_table, tenancy_table, tenant_table


async def property_exists(session: AsyncSession, property_ref: str) -> dict[str, Any] | None:
    row = (
        await session.execute(select(property_table).where(property_table.c.property_ref == property_ref))
    ).mappings().first()
    return dict(row) if row else None


async def tenancy(session: AsyncSession, tenancy_ref: str, *, for_update: bool = False) -> dict[str, Any] | None:
    query = select(tenancy_table).where(tenancy_table.c.tenancy_ref == tenancy_ref)
    row = (await session.execute(query.with_for_update() if for_update else query)).mappings().first()
    return dict(row) if row else None


async def current_tenants(session: AsyncSession, tenancy_ref: str) -> list[dict[str, Any]]:
    rows = await session.execute(select(tenant_table).where(
        tenant_table.c.tenancy_ref == tenancy_ref, tenant_table.c.left_on.is_(None)))
    return [dict(r) for r in rows.mappings()]
