"""Where tests find PostgreSQL and RabbitMQ, and how each run gets its own databases.

With a Docker engine, testcontainers starts both; without one (this build machine,
CI) the URLs come from TEST_POSTGRES_URL and TEST_AMQP_URL, defaulting to the local
services. Every test run creates uniquely named databases (from a migrated template
per service) and uses its own exchange/queue namespace, so runs never see each
other's data.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from shared.db.migrations import upgrade

DEFAULT_PG = "postgresql://postgres@127.0.0.1:5432/postgres"
DEFAULT_AMQP = "amqp://guest:guest@127.0.0.1:5672/"


def docker_available() -> bool:
    if os.environ.get("TESTCONTAINERS", "auto") == "0":
        return False
    try:
        import docker

        docker.from_env(timeout=2).ping()
        return True
    except Exception:
        return False


@contextlib.contextmanager
def provide_servers() -> Iterator[tuple[str, str]]:
    """Yield (postgres admin URL, AMQP URL) for the whole test session."""
    if docker_available():
        from testcontainers.community.postgres import PostgresContainer
        from testcontainers.core.container import DockerContainer
        from testcontainers.core.waiting_utils import wait_for_logs

        rabbit = DockerContainer("rabbitmq:3.13").with_exposed_ports(5672)
        with PostgresContainer("postgres:15", driver=None) as pg, rabbit:
            wait_for_logs(rabbit, "Server startup complete", timeout=120)
            amqp = f"amqp://guest:guest@{rabbit.get_container_host_ip()}:{rabbit.get_exposed_port(5672)}/"
            yield pg.get_connection_url(), amqp
        return
    yield os.environ.get("TEST_POSTGRES_URL", DEFAULT_PG), os.environ.get("TEST_AMQP_URL", DEFAULT_AMQP)


def with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def sqlalchemy_url(url: str) -> str:
    return "postgresql+asyncpg://" + url.split("://", 1)[1]


@dataclass
class DatabaseFactory:
    """Creates databases for one test run; each service's schema is migrated once
    into a template and copied from it."""

    admin_url: str
    run_id: str
    _templates: dict[str, str] = field(default_factory=dict)
    _created: list[str] = field(default_factory=list)
    _counter: int = 0

    async def _execute(self, sql: str) -> None:
        conn = await asyncpg.connect(self.admin_url)
        try:
            await conn.execute(sql)
        finally:
            await conn.close()

    def _run(self, sql: str) -> None:
        _in_thread(lambda: asyncio.run(self._execute(sql)))

    def template_for(self, service: str | Path) -> str:
        """`service` is an installed service package name, or the folder of any alembic project."""
        key = str(service)
        if key not in self._templates:
            name = f"t_{self.run_id}_{Path(service).name}_tmpl"
            self._run(f'CREATE DATABASE "{name}"')
            self._created.append(name)
            url = sqlalchemy_url(with_database(self.admin_url, name))
            _in_thread(lambda: upgrade(service, url))
            self._templates[key] = name
        return self._templates[key]

    def create(self, service: str | Path) -> str:
        """A fresh, migrated database for `service`; returns its SQLAlchemy URL."""
        template = self.template_for(service)
        self._counter += 1
        name = f"t_{self.run_id}_{Path(service).name}_{self._counter}"
        self._run(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self._created.append(name)
        return sqlalchemy_url(with_database(self.admin_url, name))

    def drop_all(self) -> None:
        async def drop() -> None:
            conn = await asyncpg.connect(self.admin_url)
            try:
                for name in reversed(self._created):
                    await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            finally:
                await conn.close()

        _in_thread(lambda: asyncio.run(drop()))


def _in_thread(fn):
    """Run blocking setup (which may itself call asyncio.run) outside any running loop;
    fixtures call this from async tests too, where blocking briefly is acceptable."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def new_run_id() -> str:
    return uuid.uuid4().hex[:8]
