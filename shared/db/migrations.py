"""Alembic plumbing shared by every service: the env.py body and programmatic upgrade."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy import MetaData, pool
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine


def alembic_config(project: Path | str, url: str) -> Config:
    """`project` is a folder with an alembic.ini, or an installed service package name
    (whose migrations ship inside the package, so containers need no alembic.ini)."""
    if isinstance(project, Path):
        cfg = Config(str(project / "alembic.ini"))
        cfg.set_main_option("script_location", str(project / (cfg.get_main_option("script_location") or "")))
    else:
        cfg = Config()
        cfg.set_main_option("script_location", f"{project}:migrations")
    cfg.attributes["url"] = url
    return cfg


def upgrade(project: Path | str, url: str, revision: str = "heads") -> None:
    """Run migrations to every head (blocking; call from a thread inside an event loop).
    Parallel branches of a service's migrations are allowed until a merge revision joins them."""
    command.upgrade(alembic_config(project, url), revision)


def run_env(target_metadata: MetaData | list[MetaData], url_env_var: str) -> None:
    """The body of each service's ``migrations/env.py``. The URL comes from the
    caller (``upgrade``), else the service's environment variable, else alembic.ini."""
    config = context.config
    url = (
        config.attributes.get("url")
        or os.environ.get(url_env_var)
        or config.get_main_option("sqlalchemy.url")
    )
    if context.is_offline_mode():
        context.configure(url=url, target_metadata=target_metadata, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return

    def run(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=target_metadata)
        with context.begin_transaction():
            context.run_migrations()

    async def main() -> None:
        engine = create_async_engine(url, poolclass=pool.NullPool)
        async with engine.connect() as connection:
            await connection.run_sync(run)
        await engine.dispose()

    asyncio.run(main())
