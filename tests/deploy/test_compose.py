"""The single-host compose file: valid against the Compose Specification and complete (no
Docker engine runs here, so it is checked as data)."""

from __future__ import annotations

import json
import re
from importlib import resources

import jsonschema
import pytest
import yaml

SERVICES = ("billing", "payments", "recovery", "refunds", "notifications")


@pytest.fixture(scope="module")
def compose(repo):
    return yaml.safe_load((repo / "deploy/compose/compose.yaml").read_text())


def test_the_compose_file_follows_the_compose_specification(compose):
    schema = json.loads(resources.files("check_jsonschema.builtin_schemas.vendor")
                        .joinpath("compose-spec.json").read_text())
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(compose), key=str)
    assert [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors] == []


def test_it_runs_the_broker_the_database_identity_the_gateway_every_service_and_its_migration(compose):
    names = set(compose["services"])
    assert {"postgres", "rabbitmq", "keycloak", "gateway"} <= names
    assert {*SERVICES, *(f"migrate-{s}" for s in SERVICES)} <= names


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_starts_after_its_own_migration_with_its_own_database(compose, service):
    spec = compose["services"][service]
    job = compose["services"][f"migrate-{service}"]
    assert spec["depends_on"][f"migrate-{service}"] == {"condition": "service_completed_successfully"}
    assert job["command"] == ["migrate"] and job["image"] == spec["image"]
    for entry in (spec, job):
        url = entry["environment"]["RENT_DATABASE_URL"]
        assert re.fullmatch(rf"postgresql\+asyncpg://rent_{service}:\$\{{RENT_DB_PASSWORD\}}@postgres:5432/"
                            rf"rent_{service}", url)
    assert spec["healthcheck"]["test"][:2] == ["CMD", "python"]
    assert spec["read_only"] is True
    # The image is built from the service's own Dockerfile (the job builds it; the service reuses it).
    assert job["build"] == {"context": "../..", "dockerfile": f"deploy/docker/{service}.Dockerfile"}


def test_every_database_the_services_use_is_created_with_its_own_login(repo):
    init = (repo / "deploy/compose/postgres-init.sh").read_text()
    assert "for name in billing payments recovery refunds notifications keycloak" in init
    assert "CREATE DATABASE $db OWNER rent_$name" in init and "REVOKE ALL ON DATABASE $db FROM PUBLIC" in init


def test_only_the_gateway_is_published_and_it_routes_to_every_service(compose):
    published = {name for name, spec in compose["services"].items() if spec.get("ports")}
    assert published == {"gateway"}
    env = compose["services"]["gateway"]["environment"]
    for service in SERVICES:
        assert env[f"{service.upper()}_UPSTREAM"] == f"{service}:8000"
    assert env["IDENTITY_UPSTREAM"] == "keycloak:8080" and env["IDENTITY_UPSTREAM_PATH"] == "/auth/"


def test_services_trust_tokens_from_keycloak_behind_the_gateway(compose):
    anchor = compose["services"]["billing"]["environment"]
    assert anchor["RENT_AUTH_ISSUER"].endswith("/auth/realms/rent")
    assert anchor["RENT_AUTH_JWKS_URL"] == "http://keycloak:8080/auth/realms/rent/protocol/openid-connect/certs"
    keycloak = compose["services"]["keycloak"]
    assert "--import-realm" in keycloak["command"] and "--http-relative-path=/auth" in keycloak["command"]
    assert any(v.endswith("rent-realm.json:ro") for v in keycloak["volumes"])


def test_no_secret_is_written_into_the_compose_file(compose, repo):
    text = (repo / "deploy/compose/compose.yaml").read_text()
    for word in ("POSTGRES_PASSWORD", "RABBITMQ_PASSWORD", "RENT_DB_PASSWORD", "KEYCLOAK_ADMIN_PASSWORD"):
        assert re.search(rf"\$\{{{word}:\?set {word}\}}", text), word
    assert "change-me" not in text.lower()


def test_consumers_scale_as_separate_workers_without_a_second_relay(compose):
    worker = compose["services"]["payments-worker"]
    assert worker["environment"]["RENT_RELAY_ENABLED"] == "false"
    assert worker["deploy"]["replicas"] >= 2


def test_the_console_is_built_from_its_dockerfile_and_calls_every_service(compose):
    console = compose["services"]["console"]
    assert console["build"] == {"context": "../..", "dockerfile": "deploy/docker/console.Dockerfile"}
    assert console["read_only"] is True and console["healthcheck"]["test"][:2] == ["CMD", "python"]
    settings = console["environment"]
    for service in SERVICES:
        assert settings[f"CONSOLE_{service.upper()}_URL"] == f"http://{service}:8000"
    assert settings["CONSOLE_OIDC_TOKEN_URL"] == \
        "http://keycloak:8080/auth/realms/rent/protocol/openid-connect/token"
    assert settings["CONSOLE_OIDC_ISSUER"] == compose["services"]["billing"]["environment"]["RENT_AUTH_ISSUER"]
    assert settings["CONSOLE_SESSION_KEY"] == "${CONSOLE_SESSION_KEY:?set CONSOLE_SESSION_KEY}"
    assert not {"RENT_DATABASE_URL", "RENT_AMQP_URL"} & set(settings)
    assert compose["services"]["gateway"]["environment"]["CONSOLE_UPSTREAM"] == "console:8000"


def test_the_compose_file_loads_nothing_from_a_cdn(repo):
    text = (repo / "deploy/compose/compose.yaml").read_text().lower()
    assert [cdn for cdn in ("unpkg", "jsdelivr", "cdnjs", "googleapis") if cdn in text] == []
