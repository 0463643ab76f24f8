"""The nginx gateway, run from the same template the local stack and the containers use,
in front of small stand-in upstreams on loopback."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from shared.testing.live_stack import free_port

SERVICES = ("billing", "payments", "recovery", "refunds", "notifications")
pytestmark = pytest.mark.skipif(shutil.which("nginx") is None, reason="nginx is not installed (bin/setup)")


class Echo(BaseHTTPRequestHandler):
    """Answers with what it received (path, headers, body size), like a service would."""

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.path.endswith("/openapi.json"):
            payload = b'{"openapi":"3.1.0","info":{"title":"x","version":"1"},"paths":{}}'
        else:
            payload = json.dumps({"path": self.path, "headers": {k.lower(): v for k, v in self.headers.items()},
                                  "body_bytes": len(body)}).encode()
        self.send_response(200)
        self.send_header("content-type", "application/json")
        self.send_header("x-request-id", self.headers.get("x-request-id", ""))
        self.send_header("content-length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def gateway(repo, tmp_path_factory):
    upstream = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    up = f"127.0.0.1:{upstream.server_address[1]}"
    port, closed = free_port(), free_port()
    runtime = tmp_path_factory.mktemp("gateway")
    env = dict(os.environ, GATEWAY_LISTEN=f"127.0.0.1:{port}", IDENTITY_UPSTREAM=up, CONSOLE_UPSTREAM=up,
               **{f"{s.upper()}_UPSTREAM": up for s in SERVICES})
    env["NOTIFICATIONS_UPSTREAM"] = f"127.0.0.1:{closed}"  # nothing listens: the gateway's 502
    with open(runtime / "out.log", "wb") as log:
        proc = subprocess.Popen([str(repo / "deploy/gateway/run.sh"), str(runtime / "run")], env=env, stdout=log,
                                stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(f"{base}/health", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.05)
    else:
        raise AssertionError((runtime / "out.log").read_text())
    yield base, runtime / "out.log"
    proc.terminate()
    proc.wait(timeout=10)
    upstream.shutdown()


def test_each_prefix_reaches_its_service_with_the_prefix_stripped(gateway):
    base, _ = gateway
    for service in ("billing", "payments", "recovery", "refunds"):
        seen = httpx.get(f"{base}/{service}/accounts/10000016?limit=5").json()
        assert seen["path"] == "/accounts/10000016?limit=5"
        assert seen["headers"]["x-forwarded-for"] == "127.0.0.1"


def test_a_callers_request_id_is_passed_through_and_returned_once(gateway):
    base, _ = gateway
    response = httpx.get(f"{base}/billing/x", headers={"X-Request-ID": "case-4711"})
    assert response.json()["headers"]["x-request-id"] == "case-4711"
    assert response.headers.get_list("x-request-id") == ["case-4711"]


def test_a_request_without_an_id_or_with_a_hostile_one_gets_a_fresh_id(gateway):
    base, _ = gateway
    plain = httpx.get(f"{base}/billing/x")
    hostile = httpx.get(f"{base}/billing/x", headers={"X-Request-ID": "a" * 300})
    for response in (plain, hostile):
        given = response.headers["x-request-id"]
        assert len(given) == 32 and response.json()["headers"]["x-request-id"] == given


def test_bodies_over_the_limit_are_refused_with_a_problem_but_income_files_may_be_large(gateway):
    base, _ = gateway
    big = b"x" * (2 * 1024 * 1024)
    refused = httpx.post(f"{base}/billing/tenancies", content=big)
    assert refused.status_code == 413
    assert refused.headers["content-type"] == "application/problem+json"
    assert refused.json()["title"] == "Payload too large" and refused.headers["x-request-id"]
    accepted = httpx.post(f"{base}/payments/income-files", content=big)
    assert accepted.status_code == 200 and accepted.json()["body_bytes"] == len(big)


def test_a_service_that_does_not_answer_gives_a_502_problem(gateway):
    base, _ = gateway
    response = httpx.get(f"{base}/notifications/notifications")
    assert response.status_code == 502
    assert response.json()["title"] == "Service unavailable"


def test_other_paths_go_to_the_console_and_metrics_are_not_served_at_the_edge(gateway):
    base, _ = gateway
    page = httpx.get(f"{base}/admin").json()
    assert page["path"] == "/admin" and page["headers"]["host"] == base.removeprefix("http://")
    assert httpx.get(f"{base}/auth/callback?code=x").json()["path"] == "/auth/callback?code=x"
    metrics = httpx.get(f"{base}/billing/metrics")
    assert metrics.status_code == 404 and "scraped from each service" in metrics.json()["detail"]


def test_openapi_documents_through_the_gateway_name_their_prefix_as_server(gateway):
    base, _ = gateway
    for service in ("billing", "payments"):
        document = httpx.get(f"{base}/{service}/openapi.json").json()
        assert document["servers"] == [{"url": f"/{service}"}]
        assert document["openapi"] == "3.1.0"


def test_the_docs_index_lists_every_service(gateway):
    base, _ = gateway
    catalog = httpx.get(f"{base}/docs/catalog.json").json()
    assert [s["name"] for s in catalog["services"]] == list(SERVICES)
    assert all(s["openapi"] == f"/{s['name']}/openapi.json" and s["asyncapi"] == f"/{s['name']}/asyncapi.json"
               for s in catalog["services"])
    page = httpx.get(f"{base}/docs/")
    assert page.status_code == 200 and "/payments/asyncapi.json" in page.text


def test_the_identity_provider_is_reachable_under_auth(gateway):
    base, _ = gateway
    assert httpx.get(f"{base}/auth/realms/rent/protocol/openid-connect/certs").json()["path"] == \
        "/realms/rent/protocol/openid-connect/certs"


def test_access_log_lines_are_json_with_the_request_id_and_no_query_or_token(gateway):
    base, log = gateway
    httpx.get(f"{base}/billing/accounts/10000016?name=Priya", headers={"X-Request-ID": "log-check-1",
                                                                       "Authorization": "Bearer secret-token"})
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline:
        lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
        mine = [entry for entry in lines if entry["request_id"] == "log-check-1"]
        if mine:
            break
        time.sleep(0.05)
    entry = mine[0]
    assert entry["uri"] == "/billing/accounts/10000016" and entry["status"] == 200 and entry["method"] == "GET"
    assert "Priya" not in json.dumps(entry) and "secret-token" not in json.dumps(entry)


def test_port_is_free_helper_gives_distinct_ports():
    ports = {free_port() for _ in range(5)}
    assert len(ports) == 5
    for port in ports:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", port))


def test_the_docs_index_serves_swagger_ui_itself(gateway, repo):
    if not (repo / "services/console/node_modules/swagger-ui-dist/swagger-ui-bundle.js").is_file():
        pytest.skip("swagger-ui-dist is not installed (bin/setup)")
    base, _ = gateway
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"):
        assert httpx.get(f"{base}/docs/swagger-ui/{name}").status_code == 200, name
    page = httpx.get(f"{base}/docs/").text.lower()
    assert [cdn for cdn in ("unpkg", "jsdelivr", "cdnjs", "googleapis") if cdn in page] == []
