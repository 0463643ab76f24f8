"""The register of homes and who holds them: properties, tenancies and their tenants, and
homes that left the stock. Lettings (billing/lettings) start, change and end tenancies
through these writes, with the accounts and charges that go with them."""

from __future__ import annotations

from datetime import date

from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncSession

from billing.errors import Conflict
from billing.tenancies import queries as tenancies_queries
from billing.tenancies.commands import CreateProperty
from billing.tenancies.rules import Tenancy, Tenant
from billing.tenancies.tables import property_disposal_table as disposals
from billing.tenancies.tables import property_table, tenancy_table, tenant_table
from shared import audit
from shared.db.unit_of_work import UnitOfWork


async def create_property(cmd: CreateProperty, uow: UnitOfWork) -> None:
    if await tenancies_queries.property_exists(uow.session, cmd.property_ref):
        raise Conflict(f"property {cmd.property_ref} already exists")
    await uow.session.execute(
        insert(property_table).values(
            property_ref=cmd.property_ref, address=cmd.address, postcode=cmd.postcode,
            patch=cmd.patch, area=cmd.area, property_type=cmd.property_type,
            bedrooms=cmd.bedrooms, created_by=cmd.actor,
        )
    )
    await audit.record(uow.session, actor=cmd.actor, action="create", entity="property",
                       entity_id=cmd.property_ref, after={"patch": cmd.patch, "area": cmd.area})


async def add_tenancy(session: AsyncSession, tenancy: Tenancy, actor: str) -> None:
    """The tenancy and its tenants (from the day it starts)."""
    await session.execute(
        insert(tenancy_table).values(
            tenancy_ref=tenancy.tenancy_ref, property_ref=tenancy.property_ref,
            tenure=tenancy.tenure.value, start_date=tenancy.start_date, created_by=actor,
        )
    )
    await session.execute(
        insert(tenant_table),
        [
            {"tenancy_ref": tenancy.tenancy_ref, "person_id": t.person_id, "name": t.name,
             "is_lead": t.is_lead, "email": t.email, "mobile": t.mobile}
            for t in tenancy.tenants
        ],
    )


async def set_end(session: AsyncSession, tenancy_ref: str, end_date: date | None, reason: str | None = None) -> None:
    """The tenancy's last day (None: not ended), and why (if given)."""
    values: dict[str, object] = {"end_date": end_date}
    if reason is not None:
        values["end_reason"] = reason[:100]
    await session.execute(update(tenancy_table).where(tenancy_table.c.tenancy_ref == tenancy_ref).values(**values))


async def end_tenants(session: AsyncSession, tenancy_ref: str, person_ids: list[str], on: date) -> None:
    await session.execute(update(tenant_table).where(
        tenant_table.c.tenancy_ref == tenancy_ref, tenant_table.c.person_id.in_(person_ids),
    ).values(left_on=on, is_lead=False))


async def make_lead(session: AsyncSession, tenancy_ref: str, person_id: str) -> None:
    await session.execute(update(tenant_table).where(
        tenant_table.c.tenancy_ref == tenancy_ref, tenant_table.c.person_id == person_id,
    ).values(is_lead=True))


async def add_lead_tenant(session: AsyncSession, tenancy_ref: str, tenant: Tenant, joined_on: date) -> None:
    await session.execute(insert(tenant_table).values(
        tenancy_ref=tenancy_ref, person_id=tenant.person_id, name=tenant.name, is_lead=True,
        email=tenant.email, mobile=tenant.mobile, joined_on=joined_on))


async def record_disposal(session: AsyncSession, property_ref: str, disposed_on: date, reason: str, source: str,
                          actor: str) -> None:
    """The home leaves the landlord's stock (e.g. sold under Right to Buy): no void follows."""
    await session.execute(insert(disposals).values(
        property_ref=property_ref, disposed_on=disposed_on, reason=reason, recorded_by=actor, source=source))
