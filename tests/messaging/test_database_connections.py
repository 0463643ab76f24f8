"""The connection pool after the server closes its connections (a restart, a terminated
backend): the next unit of work gets a fresh connection, with no error and no ping."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from shared.db.engine import create_engine
from shared.testing.helpers import eventually

from .conftest import PROBE_DIR


async def test_a_connection_the_server_closed_is_replaced_at_checkout(databases):
    engine = create_engine(databases.create(PROBE_DIR), pool_size=2)
    try:
        async with engine.connect() as other:
            async with engine.connect() as conn:
                first_pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
                raw = (await conn.get_raw_connection()).driver_connection
            # Back in the pool; the server now ends that backend, as a restart would.
            await other.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": first_pid})
        await eventually(lambda: _true(raw.is_closed()), timeout=10)
        for _ in range(3):  # every pooled connection checks out and answers
            async with engine.connect() as conn:
                pid = (await conn.execute(text("SELECT pg_backend_pid()"))).scalar_one()
                assert pid != first_pid
    finally:
        await engine.dispose()


async def _true(value: bool) -> bool:
    await asyncio.sleep(0)
    return value
