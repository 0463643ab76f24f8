"""pytest fixtures shared by every service's tests and the end-to-end tests.

Registered in the repository's root conftest.py (``pytest_plugins``).
"""

from __future__ import annotations

import itertools
import json
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from shared.auth.dev_issuer import DevIssuer
from shared.messaging.topology import Names, delete_namespace
from shared.runtime import ServiceRuntime
from shared.testing.infra import DatabaseFactory, new_run_id, provide_servers

_RUN_ID = new_run_id()
_namespaces = itertools.count(1)


@pytest.fixture(scope="session")
def servers() -> Iterator[tuple[str, str]]:
    with provide_servers() as found:
        yield found


@pytest.fixture(scope="session")
def amqp_url(servers: tuple[str, str]) -> str:
    return servers[1]


@pytest.fixture(scope="session")
def databases(servers: tuple[str, str]) -> Iterator[DatabaseFactory]:
    factory = DatabaseFactory(servers[0], _RUN_ID)
    yield factory
    factory.drop_all()


@pytest.fixture(scope="session")
def dev_issuer() -> DevIssuer:
    return DevIssuer()


@pytest.fixture(scope="session")
def jwks_file(dev_issuer: DevIssuer, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("auth") / "jwks.json"
    path.write_text(json.dumps(dev_issuer.jwks()))
    return path


@pytest.fixture
def namespace() -> str:
    """A messaging namespace of this test alone."""
    return f"t{_RUN_ID}n{next(_namespaces)}"


@pytest.fixture
def settings_for(databases: DatabaseFactory, amqp_url: str, namespace: str, jwks_file: Path, dev_issuer: DevIssuer):
    """settings_for(SettingsClass, service, **overrides): settings pointing at a fresh
    database of that service, this test's namespace and the dev issuer."""

    def make(settings_cls, service: str, **overrides):
        values = {
            "service_name": Path(service).name,
            "database_url": databases.create(service),
            "amqp_url": amqp_url,
            "messaging_namespace": namespace,
            "retry_delays_ms": [100, 200],
            "delivery_limit": 5,
            "relay_poll_seconds": 0.05,
            "graceful_timeout_seconds": 5.0,
            "db_pool_size": 5,
            "auth_issuer": dev_issuer.issuer,
            "auth_audience": dev_issuer.audience,
            "auth_jwks_url": None,
            "auth_jwks_file": str(jwks_file),
            "log_json": False,
        }
        values.update(overrides)
        return settings_cls(**values)

    return make


class RuntimeTracker:
    """Starts runtimes for a test and stops them (and deletes their queues) after it."""

    def __init__(self, amqp_url: str) -> None:
        self._amqp_url = amqp_url
        self._running: list[ServiceRuntime] = []
        self._declared: dict[str, tuple[Names, set[str], list[int]]] = {}

    def remember(self, runtime: ServiceRuntime) -> None:
        names = runtime.names
        entry = self._declared.setdefault(names.namespace, (names, set(), runtime.settings.retry_delays_ms))
        entry[1].update(c.name for c in runtime.consumers)

    async def start(self, runtime: ServiceRuntime) -> ServiceRuntime:
        self.remember(runtime)
        await runtime.start()
        self._running.append(runtime)
        return runtime

    async def stop(self, runtime: ServiceRuntime) -> None:
        if runtime in self._running:
            self._running.remove(runtime)
            await runtime.stop()

    async def close(self) -> None:
        for runtime in reversed(self._running):
            await runtime.stop()
        self._running.clear()
        for names, consumers, delays in self._declared.values():
            await delete_namespace(self._amqp_url, names, sorted(consumers), delays)


@pytest.fixture
async def runtimes(amqp_url: str) -> AsyncIterator[RuntimeTracker]:
    tracker = RuntimeTracker(amqp_url)
    yield tracker
    await tracker.close()


@asynccontextmanager
async def api_client(app: FastAPI, tracker: RuntimeTracker | None = None) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client for `app` with its lifespan (runtime) running."""
    async with app.router.lifespan_context(app):
        if tracker is not None:
            tracker.remember(app.state.runtime)
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            yield client


@pytest.fixture
def token(dev_issuer: DevIssuer):
    """token(username, *roles) -> Authorization header dict."""

    def make(username: str = "officer1", *roles: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {dev_issuer.mint(username, list(roles) or ['admin'])}"}

    return make
