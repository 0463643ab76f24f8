"""The container images' recipe (deploy/docker): one target per service, non-root, with a
health check; and the entry point that maps RENT_* settings to the service's own prefix."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

SERVICES = ("billing", "payments", "recovery", "refunds", "notifications")


@pytest.fixture(scope="module")
def stages(repo) -> dict[str, list[str]]:
    """Each build stage's instructions, by stage name."""
    found: dict[str, list[str]] = {}
    current = None
    text = (repo / "deploy/docker/Dockerfile").read_text().replace("\\\n", " ")
    for line in text.splitlines():
        line = line.strip()
        match = re.match(r"FROM\s+(\S+)(?:\s+AS\s+(\S+))?", line, re.IGNORECASE)
        if match:
            current = match.group(2) or match.group(1)
            found[current] = [f"FROM {match.group(1)}"]
        elif line and not line.startswith("#") and current:
            found[current].append(line)
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_its_own_small_non_root_image(stages, service):
    stage = stages[service]
    assert stage[0] == "FROM runtime"
    assert f"COPY --from=build-{service} /venv /venv" in stage
    assert f"ENV SERVICE={service}" in stage
    assert stage[-1] == "USER 10001:10001"
    assert any(f"./services/{service}" in line for line in stages[f"build-{service}"])
    assert not any(f"./services/{other}" in line for other in SERVICES if other != service
                   for line in stages[f"build-{service}"])


def test_the_runtime_checks_health_and_uses_the_entry_point(stages):
    runtime = " ".join(stages["runtime"])
    assert "HEALTHCHECK" in runtime and "healthcheck.py" in runtime
    assert 'ENTRYPOINT ["/usr/local/lib/rent/entrypoint.sh"]' in runtime
    assert "useradd --system --uid 10001" in runtime
    assert not any("pip" in line for line in stages["runtime"])  # no build tools in the runtime


def test_the_gateway_image_is_debians_nginx_with_the_shared_template(stages):
    gateway = " ".join(stages["gateway"])
    assert "FROM debian:bookworm-slim" in gateway and "apt-get install -y --no-install-recommends nginx" in gateway
    assert "COPY deploy/gateway /etc/rent-gateway" in gateway and "/etc/rent-gateway/run.sh" in gateway
    assert "USER 10001:10001" in gateway and "HEALTHCHECK" in gateway


def run_entrypoint(repo, env: dict[str, str], *args: str) -> dict[str, str]:
    done = subprocess.run(["sh", str(repo / "deploy/docker/entrypoint.sh"), *args], capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"], **env}, timeout=10)
    assert done.returncode == 0, done.stderr
    return dict(line.split("=", 1) for line in done.stdout.splitlines() if "=" in line)


def test_the_entry_point_gives_each_rent_setting_the_services_prefix(repo):
    seen = run_entrypoint(repo, {"SERVICE": "payments", "RENT_DATABASE_URL": "postgresql://db/p",
                                 "RENT_PREFETCH": "32", "PAYMENTS_PREFETCH": "8"}, "env")
    assert seen["PAYMENTS_DATABASE_URL"] == "postgresql://db/p"
    assert seen["PAYMENTS_PREFETCH"] == "8"  # an explicit service setting wins


def test_the_entry_point_refuses_to_start_without_a_service(repo):
    done = subprocess.run(["sh", str(repo / "deploy/docker/entrypoint.sh"), "env"], capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"]}, timeout=10)
    assert done.returncode != 0 and "SERVICE is not set" in done.stderr


def test_the_build_context_leaves_out_the_virtualenv_and_git(repo):
    ignore = (repo / "deploy/docker/Dockerfile.dockerignore").read_text().splitlines()
    assert ignore[ignore.index("**")] == "**"
    assert {"!shared/", "!services/", "!constraints.txt", "!deploy/gateway/"} <= set(ignore)
