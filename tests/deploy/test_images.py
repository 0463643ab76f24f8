"""The container images (deploy/docker): one Dockerfile per service, each installing only
shared/ and that service, non-root, with a health check; the gateway's image; the build
context; and the entry point that maps RENT_* settings to the service's own prefix."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

SERVICES = ("billing", "payments", "recovery", "refunds", "notifications")


def stages_of(path) -> list[list[str]]:
    """Each build stage's instructions, in order, continuation lines joined."""
    found: list[list[str]] = []
    for line in path.read_text().replace("\\\n", " ").splitlines():
        line = line.strip()
        if re.match(r"FROM\s", line, re.IGNORECASE):
            found.append([line])
        elif line and not line.startswith("#") and found:
            found[-1].append(line)
    return found


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_its_own_small_non_root_image(repo, service):
    build, runtime = stages_of(repo / f"deploy/docker/{service}.Dockerfile")
    installs = " ".join(line for line in build if line.startswith("RUN"))
    assert f"./services/{service}" in installs and "./shared" in installs and "-c constraints.txt" in installs
    assert not any(f"services/{other}" in line for other in SERVICES if other != service for line in build)
    assert "COPY --from=build /venv /venv" in runtime
    assert any(line.startswith("ENV") and f"SERVICE={service}" in line for line in runtime)
    assert "USER 10001:10001" in runtime and "useradd --system --uid 10001" in " ".join(runtime)
    assert any(line.startswith("HEALTHCHECK") and "healthcheck.py" in line for line in runtime)
    assert 'ENTRYPOINT ["/usr/local/lib/rent/entrypoint.sh"]' in runtime
    assert not any("pip" in line for line in runtime)  # no build tools in the runtime
    # The runtime starts from the same slim Python as the build, not from the build stage.
    assert runtime[0] == "FROM ${PYTHON_IMAGE}"


def test_the_gateway_image_is_debians_nginx_with_the_shared_template(repo):
    (gateway,) = stages_of(repo / "deploy/docker/gateway.Dockerfile")
    text = " ".join(gateway)
    assert "FROM debian:bookworm-slim" in text and "apt-get install -y --no-install-recommends nginx" in text
    assert "COPY deploy/gateway /etc/rent-gateway" in text and "/etc/rent-gateway/run.sh" in text
    assert "USER 10001:10001" in text and "HEALTHCHECK" in text


def test_every_file_the_images_copy_is_in_the_build_context(repo):
    ignore = (repo / ".dockerignore").read_text().splitlines()
    assert ignore[ignore.index("**")] == "**"  # everything else (.venv, .git) stays out
    kept = {line[1:].rstrip("/") for line in ignore if line.startswith("!")}
    for dockerfile in (repo / "deploy/docker").glob("*.Dockerfile"):
        for stage in stages_of(dockerfile):
            for line in stage:
                if line.startswith("COPY") and "--from" not in line:
                    for source in line.split()[1:-1]:
                        assert any(source.startswith(k) for k in kept), (dockerfile.name, source)
                        assert (repo / source).exists(), (dockerfile.name, source)


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
