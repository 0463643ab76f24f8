"""bin/setup's PostgreSQL step on a stock Debian cluster that wants passwords on loopback
(scram, peer): it must make postgres@127.0.0.1 work without one, whether the cluster is
running or stopped, and change nothing when run again. Each case runs in its own mount,
network and process namespaces (tmpfs over PostgreSQL's folders, a loopback of its own), so
the machine's PostgreSQL is not touched."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

SCRIPT = r"""
set -euo pipefail
ip link set lo up
for d in /etc/postgresql /var/lib/postgresql /run/postgresql /var/log/postgresql; do mount -t tmpfs tmpfs "$d"; done
chown postgres:postgres /var/lib/postgresql /run/postgresql /var/log/postgresql
pg_createcluster "$PG_VERSION" main -p 5432 -- --auth-host=scram-sha-256 --auth-local=peer >/dev/null
if [ "$RUNNING" = 1 ]; then pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" main start; fi
. bin/setup
if pg_trusts; then echo "trusted before setup"; exit 1; fi
ensure_postgres
ensure_postgres
echo "rent-platform lines: $(grep -c rent-platform "/etc/postgresql/$PG_VERSION/main/pg_hba.conf")"
PGPASSFILE=/nonexistent psql -w -h 127.0.0.1 -U postgres -Atc "select 'connected without a password'"
"""


def debian_postgres_version() -> str:
    versions = sorted(Path("/etc/postgresql").iterdir(), key=lambda p: [int(x) for x in p.name.split(".")])
    assert versions, "PostgreSQL is not installed (bin/setup installs it)"
    return versions[-1].name


@pytest.mark.parametrize("running", [True, False], ids=["running", "stopped"])
def test_setup_makes_a_password_only_postgres_trust_loopback_once(repo, running):
    ran = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", "--net", "--pid", "--fork", "bash", "-c", SCRIPT],
        cwd=repo, capture_output=True, text=True, timeout=120,
        env={"PATH": "/usr/sbin:/usr/bin:/sbin:/bin", "PG_VERSION": debian_postgres_version(),
             "RUNNING": "1" if running else "0"})
    assert ran.returncode == 0, ran.stdout + ran.stderr
    assert "rent-platform lines: 1" in ran.stdout
    assert "connected without a password" in ran.stdout
    assert ("reloading PostgreSQL" if running else "starting PostgreSQL") in ran.stdout
