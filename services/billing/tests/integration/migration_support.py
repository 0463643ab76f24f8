"""A scratch billing database stopped at an earlier revision, for testing what a revision
does to data written before it."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass

import asyncpg

from shared.db.migrations import upgrade
from shared.testing.infra import sqlalchemy_url, with_database


@dataclass
class ScratchDatabase:
    db: asyncpg.Connection
    url: str

    async def upgrade(self, revision: str = "heads") -> None:
        await _upgrade(self.url, revision)


async def _upgrade(url: str, revision: str) -> None:
    await asyncio.to_thread(upgrade, "billing", sqlalchemy_url(url), revision)


@asynccontextmanager
async def database_at(databases, revision: str) -> AsyncIterator[ScratchDatabase]:
    """A new billing database migrated to ``revision`` and a connection to it; dropped after."""
    name = f"t_{uuid.uuid4().hex[:8]}_billing_{revision.split('_', 1)[0]}"
    admin = await asyncpg.connect(databases.admin_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    try:
        url = with_database(databases.admin_url, name)
        await _upgrade(url, revision)
        db = await asyncpg.connect(url)
        try:
            yield ScratchDatabase(db, url)
        finally:
            await db.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()
