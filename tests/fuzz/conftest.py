"""One live stack (real processes on loopback, this run's databases and broker namespace)
for the fuzzing tests, and a token that holds every role so every route is reachable."""

from __future__ import annotations

import httpx
import pytest

from shared.testing.live_stack import live_stack_for_test

ALL_ROLES = ["admin", "rent_officer", "income_officer", "leasehold_officer", "senior_officer", "finance_approver",
             "auditor"]


@pytest.fixture(scope="package")
def fuzz_stack(databases, amqp_url, tmp_path_factory):
    namespace = f"fuzz{tmp_path_factory.getbasetemp().name[-6:]}".replace("-", "")
    with live_stack_for_test(databases, amqp_url, namespace, tmp_path_factory.mktemp("fuzz-stack")) as live:
        token = httpx.post(live.token_url(), json={"username": "fuzz.tester", "roles": ALL_ROLES},
                           timeout=10).json()["access_token"]
        live.auth = {"Authorization": f"Bearer {token}"}
        live.token, live.amqp_url, live.namespace = token, amqp_url, namespace
        yield live
