"""The container images (deploy/docker): one Dockerfile per service, each installing only
shared/ and that service, non-root, with a health check; the console's image with GOV.UK
Frontend from npm and WeasyPrint's libraries; Swagger UI from npm in every service image and
the gateway's (nothing from a CDN at run time); the gateway's image; the build context; and
the entry point that maps RENT_* settings to the service's own prefix."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

SERVICES = ("billing", "payments", "recovery", "refunds", "notifications")
APPS = (*SERVICES, "console")  # every Python image
NPM_FILES = ["services/console/package.json", "services/console/package-lock.json"]
CDNS = ("unpkg", "jsdelivr", "cdnjs", "googleapis")


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


def stage(path, name: str) -> list[str]:
    (found,) = [s for s in stages_of(path) if re.fullmatch(rf"FROM \S+ AS {name}", s[0], re.IGNORECASE)]
    return found


def env_of(stage_lines: list[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for line in stage_lines:
        if line.startswith("ENV "):
            found.update(pair.split("=", 1) for pair in line.split()[1:])
    return found


def copied(stage_lines: list[str]) -> list[list[str]]:
    """The arguments of each COPY (sources then destination), without --from."""
    return [[w for w in line.split()[1:] if not w.startswith("--")] for line in stage_lines if line.startswith("COPY")]


def apt_packages(stage_lines: list[str]) -> set[str]:
    words = " ".join(line for line in stage_lines if "apt-get install" in line).split()
    return {w for w in words if re.fullmatch(r"(lib|fonts-)[\w.+-]+", w)}


@pytest.mark.parametrize("service", APPS)
def test_each_service_has_its_own_small_non_root_image(repo, service):
    dockerfile = repo / f"deploy/docker/{service}.Dockerfile"
    build, runtime = stage(dockerfile, "build"), stages_of(dockerfile)[-1]
    installs = " ".join(line for line in build if line.startswith("RUN"))
    assert f"./services/{service}" in installs and "./shared" in installs and "-c constraints.txt" in installs
    assert re.search(r"pip install -c constraints.txt \./shared \./services/\w+$", installs)  # those two only
    sources = {source for args in copied(build) for source in args[:-1]}
    assert sources == {"constraints.txt", "shared", f"services/{service}"}
    assert "COPY --from=build /venv /venv" in runtime
    assert env_of(runtime)["SERVICE"] == service
    assert "USER 10001:10001" in runtime and "useradd --system --uid 10001" in " ".join(runtime)
    assert any(line.startswith("HEALTHCHECK") and "healthcheck.py" in line for line in runtime)
    assert 'ENTRYPOINT ["/usr/local/lib/rent/entrypoint.sh"]' in runtime
    assert not any("pip" in line or "npm" in line for line in runtime)  # no build tools in the runtime
    # The runtime starts from the same slim Python as the build, not from the build stage.
    assert runtime[0] == "FROM ${PYTHON_IMAGE}"


def test_the_console_image_serves_govuk_frontend_from_npm_without_the_test_only_packages(repo):
    dockerfile = repo / "deploy/docker/console.Dockerfile"
    assets, runtime = stage(dockerfile, "assets"), stages_of(dockerfile)[-1]
    assert assets[0] == "FROM ${NODE_IMAGE} AS assets"
    assert copied(assets) == [[*NPM_FILES, "./"]]  # the lock file pins every version
    npm = " ".join(line for line in assets if line.startswith("RUN"))
    assert "npm ci" in npm and "--ignore-scripts" in npm and "--omit=dev" in npm  # axe-core is a devDependency
    assert "axe-core" in json.loads((repo / NPM_FILES[0]).read_text())["devDependencies"]
    # Only GOV.UK Frontend's built files reach the image, where the console looks for them.
    from_assets = [line.split()[2:] for line in runtime if line.startswith("COPY --from=assets")]
    assets_dir = env_of(runtime)["CONSOLE_ASSETS_DIR"]
    assert from_assets == [["/src/node_modules/govuk-frontend/dist", f"{assets_dir}/govuk-frontend/dist"]]
    served = (repo / "services/console/console/app.py").read_text()
    assert 'settings.assets_dir / "govuk-frontend" / "dist" / "govuk"' in served
    assert "docs_url=None" in served  # the console has no /docs, so no Swagger UI in its image


def test_the_console_image_has_the_libraries_weasyprint_needs_like_notifications(repo):
    letters = apt_packages(stages_of(repo / "deploy/docker/notifications.Dockerfile")[-1])
    statements = apt_packages(stages_of(repo / "deploy/docker/console.Dockerfile")[-1])
    assert {"libpango-1.0-0", "libharfbuzz0b", "fonts-dejavu-core"} <= letters
    assert letters <= statements
    assert "--no-install-recommends" in (repo / "deploy/docker/console.Dockerfile").read_text()


def swagger_ui_stage(dockerfile: Path) -> tuple[list[str], list[str]]:
    """The node stage that installs swagger-ui-dist, and the files it keeps (in /out)."""
    npm = stage(dockerfile, "swagger-ui")
    assert npm[0] == "FROM ${NODE_IMAGE} AS swagger-ui"
    assert copied(npm) == [[*NPM_FILES, "./"]]
    run = " ".join(line for line in npm if line.startswith("RUN"))
    assert "npm ci" in run and "--ignore-scripts" in run and "--omit=dev" in run
    assert "cd node_modules/swagger-ui-dist" in run
    kept = re.search(r"&& cp (.+?) /out/", run)
    assert kept, run
    return npm, kept.group(1).split()


@pytest.mark.parametrize("service", SERVICES)
def test_every_service_image_carries_swagger_ui_and_points_the_service_at_it(repo, service):
    dockerfile = repo / f"deploy/docker/{service}.Dockerfile"
    _, kept = swagger_ui_stage(dockerfile)
    runtime = stages_of(dockerfile)[-1]
    folder = env_of(runtime)["RENT_SWAGGER_UI_DIR"]
    assert "COPY --from=swagger-ui /out " + folder in runtime
    # What shared/web/app.py's /docs asks for is in the image (else it falls back to a CDN).
    app = (repo / "shared/web/app.py").read_text()
    asked = set(re.findall(r"SWAGGER_ASSETS}/([\w.-]+)", app))
    assert {"swagger-ui-bundle.js", "swagger-ui.css"} <= asked <= set(kept)
    assert '"RENT_SWAGGER_UI_DIR"' in app


def test_the_gateway_image_carries_swagger_ui_for_the_docs_index(repo):
    dockerfile = repo / "deploy/docker/gateway.Dockerfile"
    _, kept = swagger_ui_stage(dockerfile)
    runtime = stages_of(dockerfile)[-1]
    folder = env_of(runtime)["GATEWAY_SWAGGER_UI_ROOT"]
    assert "COPY --from=swagger-ui /out " + folder in runtime
    index = (repo / "deploy/gateway/docs/index.html").read_text()
    asked = set(re.findall(r"/docs/swagger-ui/([\w.-]+)", index))
    assert {"swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css"} <= asked <= set(kept)
    assert "${GATEWAY_SWAGGER_UI_ROOT}" in (repo / "deploy/gateway/rent-gateway.conf.template").read_text()


def test_the_files_kept_from_swagger_ui_dist_exist_in_the_pinned_version(repo):
    lock = json.loads((repo / NPM_FILES[1]).read_text())
    pinned = json.loads((repo / NPM_FILES[0]).read_text())["dependencies"]["swagger-ui-dist"]
    assert lock["packages"]["node_modules/swagger-ui-dist"]["version"] == pinned
    installed = repo / "services/console/node_modules/swagger-ui-dist"
    if not (installed / "package.json").exists():
        pytest.skip("swagger-ui-dist is not installed (bin/setup)")
    assert json.loads((installed / "package.json").read_text())["version"] == pinned
    for dockerfile in ("billing", "gateway"):
        _, kept = swagger_ui_stage(repo / f"deploy/docker/{dockerfile}.Dockerfile")
        assert [name for name in kept if not (installed / name).is_file()] == []


def test_the_gateway_image_is_debians_nginx_with_the_shared_template(repo):
    gateway = stages_of(repo / "deploy/docker/gateway.Dockerfile")[-1]
    text = " ".join(gateway)
    assert "FROM debian:bookworm-slim" in text and "apt-get install -y --no-install-recommends nginx" in text
    assert "COPY deploy/gateway /etc/rent-gateway" in text and "/etc/rent-gateway/run.sh" in text
    assert "USER 10001:10001" in text and "HEALTHCHECK" in text
    assert env_of(gateway)["CONSOLE_UPSTREAM"] == "console:8000"
    assert "npm" not in text


def test_no_dockerfile_or_container_file_loads_anything_from_a_cdn(repo):
    found = []
    for path in sorted((repo / "deploy").rglob("*")):
        if path.is_file():
            text = path.read_text(errors="replace").lower()
            found += [f"{path.relative_to(repo)}: {cdn}" for cdn in CDNS if cdn in text]
    assert found == []


# --- the build context -----------------------------------------------------------------
def ignore_rules(repo) -> list[tuple[bool, re.Pattern]]:
    """.dockerignore as (excludes?, pattern) in order; ** spans folders, * one name."""
    rules = []
    for line in (repo / ".dockerignore").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        keep = line.startswith("!")
        pattern = line.lstrip("!").strip("/")
        regex = "".join(".*" if part == "**" else "[^/]*" if part == "*" else re.escape(part)
                        for part in re.split(r"(\*\*|\*)", pattern))
        rules.append((not keep, re.compile(regex.replace(".*/", "(?:.*/)?"))))
    return rules


def in_context(rules, path: str) -> bool:
    """As Docker: the last rule matching the path or one of its folders decides."""
    parts = path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    excluded = False
    for excludes, pattern in rules:
        if any(pattern.fullmatch(p) for p in prefixes):
            excluded = excludes
    return not excluded


def test_the_build_context_has_the_sources_but_no_installed_packages_or_local_state(repo):
    rules = ignore_rules(repo)
    for kept in ("constraints.txt", "shared/web/app.py", "services/console/console/app.py", *NPM_FILES,
                 "deploy/docker/entrypoint.sh", "deploy/gateway/docs/index.html"):
        assert in_context(rules, kept), kept
    for left_out in ("services/console/node_modules/govuk-frontend/package.json", "node_modules/x/index.js",
                     ".stack/screenshots/test_x/01-home.png", ".stack/gateway/nginx.conf", ".venv/bin/python",
                     ".git/HEAD", "services/console/tests/test_app.py", "shared/web/__pycache__/app.cpython-311.pyc",
                     "services/console/screenshots/home.png", "deploy/k8s/README.md", "docs/worktray.png"):
        assert not in_context(rules, left_out), left_out


def test_every_file_the_images_copy_is_in_the_build_context(repo):
    ignore = (repo / ".dockerignore").read_text().splitlines()
    assert ignore[ignore.index("**")] == "**"  # everything else (.venv, .git) stays out
    assert "**/node_modules" in ignore
    rules = ignore_rules(repo)
    for dockerfile in (repo / "deploy/docker").glob("*.Dockerfile"):
        for found in stages_of(dockerfile):
            for line in found:
                if line.startswith("COPY") and "--from" not in line:
                    for source in line.split()[1:-1]:
                        assert in_context(rules, source), (dockerfile.name, source)
                        assert (repo / source).exists(), (dockerfile.name, source)


# --- the entry point -------------------------------------------------------------------
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


def test_the_console_reads_the_shared_settings_under_its_own_prefix(repo):
    seen = run_entrypoint(repo, {"SERVICE": "console", "RENT_HTTP_PORT": "8000", "RENT_BIND_HOST": "0.0.0.0",
                                 "CONSOLE_SESSION_KEY": "k" * 40}, "env")
    assert seen["CONSOLE_HTTP_PORT"] == "8000" and seen["CONSOLE_BIND_HOST"] == "0.0.0.0"


def test_the_entry_point_refuses_to_start_without_a_service(repo):
    done = subprocess.run(["sh", str(repo / "deploy/docker/entrypoint.sh"), "env"], capture_output=True, text=True,
                          env={"PATH": os.environ["PATH"]}, timeout=10)
    assert done.returncode != 0 and "SERVICE is not set" in done.stderr
