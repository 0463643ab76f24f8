"""A RabbitMQ node and a PostgreSQL server of a test's own, on free loopback ports, that
the test may stop, kill and restart without touching the servers every other test (and
every other engineer) shares. Used by the fault-injection tests.

Both come from the same Debian packages bin/setup installs; nothing is downloaded.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from shared.testing.live_stack import free_port


def _port_open(port: int) -> bool:
    import socket

    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


def _wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise RuntimeError(f"{what} not ready after {timeout:.0f}s")


@dataclass
class PrivateRabbit:
    """A separate RabbitMQ node (own name, ports and data directory)."""

    base: Path
    port: int
    node: str
    dist_port: int  # its own free port: AMQP port + n could run past 65535

    @property
    def url(self) -> str:
        return f"amqp://guest:guest@127.0.0.1:{self.port}/"

    def _env(self) -> dict[str, str]:
        return {
            **os.environ,
            "HOME": str(self.base),  # its own Erlang cookie
            "RABBITMQ_NODENAME": self.node,
            "RABBITMQ_NODE_IP_ADDRESS": "127.0.0.1",
            "RABBITMQ_NODE_PORT": str(self.port),
            "RABBITMQ_DIST_PORT": str(self.dist_port),
            "RABBITMQ_MNESIA_BASE": str(self.base / "mnesia"),
            "RABBITMQ_LOG_BASE": str(self.base / "log"),
            "RABBITMQ_PID_FILE": str(self.base / "rabbit.pid"),
            "RABBITMQ_ENABLED_PLUGINS_FILE": str(self.base / "enabled_plugins"),
            "RABBITMQ_CONFIG_FILE": str(self.base / "rabbitmq"),
            "RABBITMQ_CONF_ENV_FILE": str(self.base / "rabbitmq-env.conf"),
        }

    def start(self) -> None:
        subprocess.run(["rabbitmq-server", "-detached"], env=self._env(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for(self._ready, 180, f"RabbitMQ node {self.node}")  # slow on a loaded 2-core machine

    def _ready(self) -> bool:
        if not _port_open(self.port):
            return False
        status = subprocess.run(["rabbitmqctl", "-n", self.node, "-q", "await_startup"], env=self._env(),
                                capture_output=True, timeout=60)
        return status.returncode == 0

    def stop(self) -> None:
        subprocess.run(["rabbitmqctl", "-n", self.node, "-q", "stop"], env=self._env(),
                       capture_output=True, timeout=60)
        _wait_for(lambda: not _port_open(self.port), 30, f"RabbitMQ node {self.node} to stop")

    def restart(self) -> None:
        self.stop()
        self.start()


def _private_dir(kind: str, owner: str) -> Path:
    """A directory the server's own user (Debian runs them as rabbitmq/postgres) can reach."""
    path = Path(tempfile.mkdtemp(prefix=f"rent-{kind}-", dir="/var/tmp"))
    path.chmod(0o755)
    if os.geteuid() == 0:
        shutil.chown(path, owner, owner)
    return path


@contextlib.contextmanager
def private_rabbit() -> Iterator[PrivateRabbit]:
    if shutil.which("rabbitmq-server") is None:
        raise RuntimeError("rabbitmq-server is not installed (bin/setup installs it)")
    base = _private_dir("rabbit", "rabbitmq")
    (base / "enabled_plugins").write_text("[].\n")
    rabbit = PrivateRabbit(base, free_port(), f"rentfault{uuid.uuid4().hex[:6]}@localhost", free_port())
    (base / "rabbitmq.conf").write_text(f"listeners.tcp.default = 127.0.0.1:{rabbit.port}\n")
    (base / ".erlang.cookie").write_text(uuid.uuid4().hex)
    (base / ".erlang.cookie").chmod(0o400)
    if os.geteuid() == 0:
        for child in base.iterdir():
            shutil.chown(child, "rabbitmq", "rabbitmq")
    rabbit.start()
    try:
        yield rabbit
    finally:
        with contextlib.suppress(Exception):
            rabbit.stop()
        shutil.rmtree(base, ignore_errors=True)


@dataclass
class PrivatePostgres:
    """A separate PostgreSQL server (own data directory and port), trust auth on loopback."""

    data: Path
    port: int
    bin_dir: Path

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def _as_postgres(self, *args: str) -> subprocess.CompletedProcess:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, capture_output=True, text=True, timeout=120)

    def start(self) -> None:
        result = self._as_postgres(
            "pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-w", "start",
            "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data}",
        )
        if result.returncode != 0:
            raise RuntimeError(f"PostgreSQL did not start: {result.stderr}")

    def stop(self, mode: str = "fast") -> None:
        self._as_postgres("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop")

    def kill(self) -> None:
        """SIGKILL the postmaster, as a crash would."""
        pid = int((self.data / "postmaster.pid").read_text().splitlines()[0])
        # Its backends would notice the postmaster is gone only slowly: take them down too
        # (found first: once the postmaster dies they are re-parented).
        found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
        for victim in [pid, *map(int, found)]:
            with contextlib.suppress(ProcessLookupError):
                os.kill(victim, signal.SIGKILL)
        _wait_for(lambda: not _port_open(self.port) and not any(_alive(int(p)) for p in found), 30,
                  "PostgreSQL to die")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


@contextlib.contextmanager
def private_postgres() -> Iterator[PrivatePostgres]:
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if not candidates:
        raise RuntimeError("PostgreSQL server binaries are not installed (bin/setup installs them)")
    bin_dir = Path(candidates[-1]).parent
    data = _private_dir("pg", "postgres")
    data.chmod(0o700)
    server = PrivatePostgres(data, free_port(), bin_dir)
    init = server._as_postgres("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "--no-sync")
    if init.returncode != 0:
        raise RuntimeError(f"initdb failed: {init.stderr}")
    server.start()
    try:
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop("immediate")
        shutil.rmtree(data, ignore_errors=True)
