"""Reading properties, tenancies and their current tenants, and homes disposed of."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import Select, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from billing.tenancies.tables import property_disposal_table as disposals
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


async def tenants_of(session: AsyncSession, tenancy_ref: str) -> list[dict[str, Any]]:
    """Everyone who holds or held the tenancy: the lead first, then by the day they joined."""
    rows = await session.execute(select(tenant_table).where(tenant_table.c.tenancy_ref == tenancy_ref).order_by(
        tenant_table.c.left_on.is_not(None), tenant_table.c.is_lead.desc(), tenant_table.c.joined_on.nulls_first(),
        tenant_table.c.person_id))
    return [dict(r) for r in rows.mappings()]


async def tenancy_exists(session: AsyncSession, tenancy_ref: str) -> bool:
    found = await session.execute(select(tenancy_table.c.tenancy_ref).where(tenancy_table.c.tenancy_ref == tenancy_ref))
    return found.first() is not None


async def tenancies_of(session: AsyncSession, tenancy_refs: list[str]) -> dict[str, dict[str, Any]]:
    """These tenancies by reference (those that exist)."""
    if not tenancy_refs:
        return {}
    rows = await session.execute(select(tenancy_table).where(tenancy_table.c.tenancy_ref.in_(tenancy_refs)))
    return {r["tenancy_ref"]: dict(r) for r in rows.mappings()}


async def letting_on_or_after(session: AsyncSession, property_ref: str, day: date, *,
                              started_by: date | None = None, other_than: str | None = None) -> str | None:
    """A tenancy of the property not ended before ``day`` (if given: started by ``started_by``,
    and other than ``other_than``), or None."""
    query = select(tenancy_table.c.tenancy_ref).where(
        tenancy_table.c.property_ref == property_ref,
        or_(tenancy_table.c.end_date.is_(None), tenancy_table.c.end_date >= day))
    if other_than is not None:
        query = query.where(tenancy_table.c.tenancy_ref != other_than)
    if started_by is not None:
        query = query.where(tenancy_table.c.start_date <= started_by)
    row = (await session.execute(query)).first()
    return row.tenancy_ref if row else None


async def tenancy_spells(session: AsyncSession, person_ids: list[str]) -> list[Any]:
    """Each part these people had in a tenancy here: joined_on, left_on, and the tenancy's start_date, end_date."""
    rows = await session.execute(
        select(tenant_table.c.joined_on, tenant_table.c.left_on, tenancy_table.c.start_date, tenancy_table.c.end_date)
        .join(tenancy_table, tenancy_table.c.tenancy_ref == tenant_table.c.tenancy_ref)
        .where(tenant_table.c.person_id.in_(person_ids)))
    return list(rows)


def property_places() -> Select[Any]:
    """Each property's patch and postcode: a subquery others join their rows to in one statement."""
    return select(property_table.c.property_ref, property_table.c.patch, property_table.c.postcode)


async def disposed_by(session: AsyncSession, property_ref: str, day: date) -> date | None:
    """The day the property was disposed of, if on or before ``day``."""
    row = (await session.execute(select(disposals.c.disposed_on).where(
        disposals.c.property_ref == property_ref, disposals.c.disposed_on <= day))).first()
    return row.disposed_on if row else None


# SQL fragments over the register, for other packages' set-based reads (search): each embeds
# one as a derived table and reads only the columns it yields, so these tables are spelled
# here alone. The derived columns are exactly the expressions migration 0009 indexes:
# name_words and address_words (the words of a tenant's name; of a home's address lines and
# postcode) by GIN, postcode_key and tenancy_key by prefix; NAME_WORDS and ADDRESS_WORDS
# are the same expressions for the search vocabulary.
NAME_WORDS = "to_tsvector('simple', name)"
ADDRESS_WORDS = "to_tsvector('simple', address::text || ' ' || postcode)"

PLACES = f"""
SELECT property_ref, address, postcode, patch, replace(upper(postcode), ' ', '') AS postcode_key,
       {ADDRESS_WORDS} AS address_words
FROM property"""

TENANCIES = """
SELECT tenancy_ref, upper(tenancy_ref) AS tenancy_key, property_ref, tenure, start_date, end_date, end_reason
FROM tenancy"""

TENANTS = f"""
SELECT tenancy_ref, person_id, name, is_lead, joined_on, left_on, {NAME_WORDS} AS name_words
FROM tenant"""

# Every word of every name and address, for the search vocabulary.
NAME_WORD_ROWS = f"SELECT {NAME_WORDS} FROM tenant"
ADDRESS_WORD_ROWS = f"SELECT {ADDRESS_WORDS} FROM property"
