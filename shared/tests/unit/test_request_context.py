"""The request-context middleware: a request id kept or made and returned, and one access
log line with the route template and status, also when the handler raises."""

from __future__ import annotations

import logging
import re

import httpx
import pytest
from fastapi import FastAPI

from shared.web.app import RequestContext
from shared.web.problems import install_problem_handlers


def an_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app, {})
    app.add_middleware(RequestContext)

    @app.get("/accounts/{ref}")
    async def account(ref: str) -> dict[str, str]:
        return {"ref": ref}

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("handler bug")

    return app


@pytest.fixture
async def client():
    transport = httpx.ASGITransport(app=an_app(), raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
        yield http


@pytest.fixture
def access_log(caplog):
    caplog.set_level(logging.INFO, logger="access")

    def lines() -> list[logging.LogRecord]:
        return [r for r in caplog.records if r.name == "access"]

    return lines


async def test_a_callers_request_id_is_kept_and_returned(client, access_log):
    response = await client.get("/accounts/10000016", headers={"x-request-id": "req-from-gateway"})
    assert response.status_code == 200
    assert response.headers["x-request-id"] == "req-from-gateway"
    [line] = access_log()
    assert (line.request_id, line.method, line.route, line.status) == (
        "req-from-gateway", "GET", "/accounts/{ref}", 200)


async def test_a_request_without_an_id_is_given_one(client, access_log):
    first, second = await client.get("/accounts/1"), await client.get("/accounts/2")
    ids = [first.headers["x-request-id"], second.headers["x-request-id"]]
    assert all(re.fullmatch("[0-9a-f]{32}", i) for i in ids) and ids[0] != ids[1]
    assert [line.request_id for line in access_log()] == ids


async def test_a_handler_that_raises_is_logged_as_500_and_answered_with_its_request_id(client, access_log):
    response = await client.get("/boom", headers={"x-request-id": "req-boom"})
    assert response.status_code == 500
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["x-request-id"] == "req-boom"
    [line] = access_log()
    assert (line.request_id, line.route, line.status) == ("req-boom", "/boom", 500)


async def test_starlette_routes_are_named_and_unknown_paths_are_not(client, access_log):
    for path in ("/openapi.json", "/docs", "/no/such/path/42"):
        await client.get(path)
    assert [(line.route, line.status) for line in access_log()] == [
        ("/openapi.json", 200), ("/docs", 200), ("unmatched", 404)]
