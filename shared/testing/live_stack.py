"""The whole platform as real processes on loopback: the development token issuer, the
five services (``python -m <service>``), the staff console (``python -m console``) and the
nginx gateway, each on a free port.

Used by tests that drive the stack from outside (the CLI test) and by benchmarks that
measure through the gateway. The caller provides each service's database URL and the
broker namespace; everything is stopped (and its logs kept) when the context exits.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path

import httpx

from shared.auth.dev_issuer import DEFAULT_ISSUER
from shared.messaging.consumer import Consumer

SERVICES = ("billing", "payments", "recovery", "refunds", "notifications")
CONSUMERS_ENTRY_POINTS = "rent_platform.consumers"
RETRY_DELAYS_MS = [200, 1000]  # short: tests wait for retries
REPO = Path(__file__).resolve().parents[2]
GATEWAY_RUN = REPO / "deploy" / "gateway" / "run.sh"


def service_consumers(service: str) -> list[Consumer]:
    """A service's consumers, as its package registers them (entry point group
    ``rent_platform.consumers``): shared/ names the queues without importing a service."""
    found = entry_points(group=CONSUMERS_ENTRY_POINTS, name=service)
    if not found:
        raise LookupError(f"{service} registers no {CONSUMERS_ENTRY_POINTS} entry point (is it installed?)")
    return [consumer for entry in found for consumer in entry.load()()]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class LiveStack:
    gateway_url: str
    issuer_url: str
    service_urls: dict[str, str]
    log_dir: Path
    console_url: str = ""
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    commands: dict[str, list[str]] = field(default_factory=dict)
    env: dict[str, str] = field(default_factory=dict)

    def token_url(self) -> str:
        return f"{self.issuer_url}/realms/rent/dev/token"

    def log(self, name: str) -> str:
        path = self.log_dir / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def kill(self, name: str) -> None:
        """SIGKILL a process and its children, as a crash would (fault tests)."""
        proc = self.processes[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def restart(self, name: str, ready_timeout: float = 60.0) -> None:
        """Start a stopped or killed service again (same command and settings) and wait
        until it is ready; its log goes on in the same file."""
        if self.processes[name].poll() is None:
            raise RuntimeError(f"{name} is still running")
        with open(self.log_dir / f"{name}.log", "ab") as out:
            self.processes[name] = subprocess.Popen(
                self.commands[name], cwd=REPO, env=self.env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True)
        url = (f"{self.service_urls[name]}/ready" if name in self.service_urls
               else f"{self.console_url}/health" if name == "console" else f"{self.gateway_url}/health")
        _wait(url, time.monotonic() + ready_timeout, self.processes[name], name, self)


def _wait(url: str, deadline: float, proc: subprocess.Popen, name: str, stack: LiveStack) -> None:
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{name} exited with {proc.returncode}:\n{stack.log(name)[-3000:]}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(url, timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"{name} not ready at {url}:\n{stack.log(name)[-3000:]}")


@contextlib.contextmanager
def live_stack(
    database_urls: dict[str, str],
    *,
    amqp_url: str,
    namespace: str,
    log_dir: Path,
    ready_timeout: float = 60.0,
    extra_env: dict[str, str] | None = None,
) -> Iterator[LiveStack]:
    """Start issuer, services and gateway; yield when every service is ready."""
    if shutil.which("nginx") is None:
        raise RuntimeError("nginx is not installed (bin/setup installs it from deploy/local/apt-packages.txt)")
    log_dir.mkdir(parents=True, exist_ok=True)
    issuer_port, gateway_port, console_port = free_port(), free_port(), free_port()
    ports = {name: free_port() for name in SERVICES}
    issuer_url = f"http://127.0.0.1:{issuer_port}"
    stack = LiveStack(
        gateway_url=f"http://127.0.0.1:{gateway_port}",
        issuer_url=issuer_url,
        service_urls={name: f"http://127.0.0.1:{port}" for name, port in ports.items()},
        log_dir=log_dir,
        console_url=f"http://127.0.0.1:{console_port}",
    )
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(tuple(s.upper() + "_" for s in (*SERVICES, "console")))}
    env.update(PYTHONUNBUFFERED="1", DEV_ISSUER_PORT=str(issuer_port),
               DEV_ISSUER_KEY_FILE=str(log_dir / "dev-issuer-key.pem"),
               GATEWAY_LISTEN=f"127.0.0.1:{gateway_port}", GATEWAY_RUNTIME_DIR=str(log_dir / "gateway"),
               IDENTITY_UPSTREAM=f"127.0.0.1:{issuer_port}", IDENTITY_UPSTREAM_PATH="/",
               CONSOLE_UPSTREAM=f"127.0.0.1:{console_port}")
    # The staff console: a fresh session key per stack (never a committed one).
    env.update(CONSOLE_HTTP_PORT=str(console_port), CONSOLE_SESSION_KEY=secrets.token_urlsafe(48),
               **{f"CONSOLE_{name.upper()}_URL": url for name, url in stack.service_urls.items()},
               CONSOLE_OIDC_ISSUER=DEFAULT_ISSUER,
               CONSOLE_OIDC_TOKEN_URL=f"{issuer_url}/realms/rent/protocol/openid-connect/token",
               CONSOLE_OIDC_JWKS_URL=f"{issuer_url}/realms/rent/protocol/openid-connect/certs")
    for name in SERVICES:
        prefix = name.upper() + "_"
        env[f"{name.upper()}_UPSTREAM"] = f"127.0.0.1:{ports[name]}"
        env.update({
            prefix + "DATABASE_URL": database_urls[name],
            prefix + "AMQP_URL": amqp_url,
            prefix + "MESSAGING_NAMESPACE": namespace,
            prefix + "HTTP_PORT": str(ports[name]),
            prefix + "AUTH_ISSUER": DEFAULT_ISSUER,
            prefix + "AUTH_JWKS_URL": f"{issuer_url}/realms/rent/protocol/openid-connect/certs",
            prefix + "RETRY_DELAYS_MS": json.dumps(RETRY_DELAYS_MS),
            prefix + "DB_POOL_SIZE": "5",
            prefix + "GRACEFUL_TIMEOUT_SECONDS": "5",
        })
    env.update(extra_env or {})
    stack.env = env
    stack.commands = commands = {
        "issuer": [sys.executable, "-m", "shared.auth.dev_issuer"],
        **{name: [sys.executable, "-m", name] for name in SERVICES},
        "console": [sys.executable, "-m", "console"],
        "gateway": [str(GATEWAY_RUN)],
    }
    try:
        for name, command in commands.items():
            with open(log_dir / f"{name}.log", "wb") as out:
                stack.processes[name] = subprocess.Popen(
                    command, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
                )
        deadline = time.monotonic() + ready_timeout
        _wait(f"{issuer_url}/realms/rent/.well-known/openid-configuration", deadline,
              stack.processes["issuer"], "issuer", stack)
        for name in SERVICES:
            _wait(f"{stack.service_urls[name]}/ready", deadline, stack.processes[name], name, stack)
        _wait(f"{stack.console_url}/health", deadline, stack.processes["console"], "console", stack)
        _wait(f"{stack.gateway_url}/health", deadline, stack.processes["gateway"], "gateway", stack)
        yield stack
    finally:
        _stop_all(stack.processes)


def _stop_all(processes: dict[str, subprocess.Popen]) -> None:
    for proc in processes.values():
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + 15
    for proc in processes.values():
        try:
            proc.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=5)


@contextlib.contextmanager
def live_stack_for_test(databases, amqp_url: str, namespace: str, log_dir: Path) -> Iterator[LiveStack]:
    """A live stack on fresh databases of this test run and its own broker namespace,
    whose exchanges and queues are deleted afterwards (fixtures `databases`, `amqp_url`,
    `namespace` from shared.testing.plugin)."""
    import asyncio

    from shared.messaging.topology import Names, delete_namespace

    urls = {name: databases.create(name) for name in SERVICES}
    try:
        with live_stack(urls, amqp_url=amqp_url, namespace=namespace, log_dir=log_dir) as stack:
            yield stack
    finally:
        consumers = [c.name for name in SERVICES for c in service_consumers(name)]
        asyncio.run(delete_namespace(amqp_url, Names(namespace), consumers, [200, 1000]))
