"""Legacy references of billing's accounts (from AccountOpened.legacy_refs after a
migration), so a payment still quoting the old system's reference is matched."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Column, Index, String, Table, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from payments.adapters.orm import metadata
from shared.refs import normalise_ref

account_alias_table = Table(
    "account_alias",
    metadata,
    Column("alias", String(35), primary_key=True),
    Column("account_ref", String(15), nullable=False),
    Index("ix_account_alias_account", "account_ref"),
)


async def add(session: AsyncSession, account_ref: str, aliases: Iterable[str]) -> None:
    rows = [{"alias": normalise_ref(a)[:35], "account_ref": account_ref} for a in aliases if normalise_ref(a)]
    if rows:
        await session.execute(insert(account_alias_table).on_conflict_do_nothing(), rows)


async def resolve(session: AsyncSession, references: Iterable[str]) -> dict[str, str]:
    """alias → account ref, for those of ``references`` (normalised) that are aliases."""
    refs = sorted({normalise_ref(r) for r in references if r})
    if not refs:
        return {}
    rows = await session.execute(select(account_alias_table).where(account_alias_table.c.alias.in_(refs)))
    return {r.alias: r.account_ref for r in rows}
