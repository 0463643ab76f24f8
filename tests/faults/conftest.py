"""A whole platform of the fault tests' own: the live stack (real processes behind the
gateway) on a private RabbitMQ node, with recovery's database on a private PostgreSQL
server, so a test may kill a service, restart the broker or stop a database without
touching the servers everyone else uses. A small demo estate is loaded once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator

import pytest
from rentctl.estate.generate import generate_estate
from rentctl.estate.load import EstateLoader

from shared.testing.infra import DatabaseFactory, new_run_id
from shared.testing.live_stack import SERVICES, live_stack
from shared.testing.private_servers import private_postgres, private_rabbit
from tests.faults.stack import ACCOUNTS, NAMESPACE, RECOVERY_RETRIES_MS, SEED, WEEKS, FaultStack


@pytest.fixture(scope="module")
def fault_stack(databases, tmp_path_factory) -> Iterator[FaultStack]:
    with private_rabbit() as rabbit, private_postgres() as postgres:
        recovery_dbs = DatabaseFactory(postgres.admin_url, new_run_id())
        urls = {name: databases.create(name) for name in SERVICES if name != "recovery"}
        urls["recovery"] = recovery_dbs.create("recovery")
        log_dir = tmp_path_factory.mktemp("fault-stack")
        with live_stack(urls, amqp_url=rabbit.url, namespace=NAMESPACE, log_dir=log_dir,
                        extra_env={"RECOVERY_RETRY_DELAYS_MS": RECOVERY_RETRIES_MS}) as live:
            stack = FaultStack(live, rabbit, postgres, urls["recovery"])
            estate = generate_estate(ACCOUNTS, SEED, weeks=WEEKS)
            loader = EstateLoader(live.gateway_url, stack.token, rabbit.url, namespace=NAMESPACE)
            report = asyncio.run(loader.load(estate))
            assert not [w for w in report.warnings if "had not received" in w], report.warnings
            with stack.http() as http:
                stack.accounts = [r["account_ref"] for r in http.get(
                    "/billing/reports/account-balances", params={"limit": 500}).raise_for_status().json()]
            yield stack
        with contextlib.suppress(Exception):
            recovery_dbs.drop_all()
