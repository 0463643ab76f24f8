"""The Kustomize manifests: rendered by tests/deploy/kustomize.py (on every machine: it needs
only PyYAML), each object validated against the Kubernetes schemas (kubernetes-validate,
strict), and checked for what the platform needs: probes, non-root, a migration job and
autoscaled consumers per service. Where kubectl is installed, its Kustomize must render the
same objects."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess

import kubernetes_validate
import pytest
import yaml

from console.config import ConsoleSettings
from tests.deploy.kustomize import KustomizeError, build

SERVICES = ("billing", "payments", "recovery", "refunds", "notifications")
K8S_VERSION = "1.30"
OVERLAY = "deploy/k8s/overlays/example"


@pytest.fixture(scope="module")
def objects(repo):
    return build(repo / OVERLAY)


def keyed(objects):
    """Objects by (kind, name), Secret data without the line breaks Kustomize wraps it with."""
    out = {}
    for obj in objects:
        if obj["kind"] == "Secret":
            obj = {**obj, "data": {k: "".join(v.split()) for k, v in obj.get("data", {}).items()}}
        out[(obj["kind"], obj["metadata"]["name"])] = obj
    return out


@pytest.mark.skipif(shutil.which("kubectl") is None,
                    reason="kubectl is not installed (the other tests still render and validate the manifests)")
def test_kubectl_kustomize_renders_the_same_objects(repo, objects):
    rendered = subprocess.run(["kubectl", "kustomize", str(repo / OVERLAY)], capture_output=True, text=True,
                              timeout=60)
    assert rendered.returncode == 0, rendered.stderr
    assert keyed(doc for doc in yaml.safe_load_all(rendered.stdout) if doc) == keyed(objects)


def test_a_kustomize_field_the_renderer_does_not_implement_is_refused_by_name(tmp_path):
    (tmp_path / "kustomization.yaml").write_text("resources: []\ncommonAnnotations: {team: rents}\n")
    with pytest.raises(KustomizeError, match="commonAnnotations not implemented"):
        build(tmp_path)


def by_kind(objects, kind):
    return {o["metadata"]["name"]: o for o in objects if o["kind"] == kind}


def container(obj):
    return obj["spec"]["template"]["spec"]["containers"][0]


def env(obj):
    return {e["name"]: e.get("value", e.get("valueFrom")) for e in container(obj).get("env", [])}


def test_every_object_is_valid_for_kubernetes(objects):
    problems = []
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as exc:
            problems.append(f"{obj['kind']}/{obj['metadata']['name']}: {exc.message} at {list(exc.path)}")
    assert problems == []


def test_everything_lands_in_the_rent_namespace(objects):
    assert {o["metadata"].get("namespace") for o in objects if o["kind"] != "Namespace"} == {"rent"}


@pytest.mark.parametrize("service", SERVICES)
def test_each_service_has_api_worker_service_migration_and_autoscaling(objects, service):
    deployments, jobs, hpas = by_kind(objects, "Deployment"), by_kind(objects, "Job"), \
        by_kind(objects, "HorizontalPodAutoscaler")
    api, worker = deployments[f"{service}-api"], deployments[f"{service}-worker"]
    assert env(api)["SERVICE"] == env(worker)["SERVICE"] == service
    assert env(api)["RENT_CONSUMERS_ENABLED"] == "false" and env(worker)["RENT_RELAY_ENABLED"] == "false"
    assert container(api)["image"] == f"registry.example.org/rent/{service}:latest"
    job = jobs[f"{service}-migrate"]
    assert container(job)["args"] == ["migrate"] and env(job)["SERVICE"] == service
    assert hpas[f"{service}-worker"]["spec"]["scaleTargetRef"]["name"] == f"{service}-worker"
    assert by_kind(objects, "Service")[f"{service}-api"]["spec"]["selector"]["app.kubernetes.io/name"] == service


def test_every_pod_runs_as_non_root_with_a_read_only_root_and_resource_requests(objects):
    for obj in [*by_kind(objects, "Deployment").values(), *by_kind(objects, "Job").values()]:
        pod = obj["spec"]["template"]["spec"]
        assert pod["securityContext"]["runAsNonRoot"] is True, obj["metadata"]["name"]
        c = container(obj)
        assert c["securityContext"]["readOnlyRootFilesystem"] is True
        assert c["securityContext"]["allowPrivilegeEscalation"] is False
        assert c["resources"]["requests"] and c["resources"]["limits"]["memory"]


def test_every_deployment_has_readiness_and_liveness_probes(objects):
    for name, deployment in by_kind(objects, "Deployment").items():
        c = container(deployment)
        assert c["readinessProbe"]["httpGet"]["path"] in ("/ready", "/health"), name
        assert c["livenessProbe"]["httpGet"]["path"], name
        if name.endswith(("-api", "-worker")):
            assert c["readinessProbe"]["httpGet"]["path"] == "/ready"


def test_every_secret_and_config_a_pod_reads_exists(objects):
    secrets, configs = by_kind(objects, "Secret"), by_kind(objects, "ConfigMap")
    for obj in [*by_kind(objects, "Deployment").values(), *by_kind(objects, "Job").values()]:
        c = container(obj)
        for entry in c.get("env", []):
            ref = entry.get("valueFrom", {}).get("secretKeyRef")
            if ref:
                assert ref["key"] in secrets[ref["name"]].get("data", {}), (obj["metadata"]["name"], ref)
        for source in c.get("envFrom", []):
            assert source["configMapRef"]["name"] in configs


def test_the_gateway_routes_to_each_services_api(objects):
    gateway = by_kind(objects, "Deployment")["gateway"]
    services = by_kind(objects, "Service")
    for service in SERVICES:
        host, port = env(gateway)[f"{service.upper()}_UPSTREAM"].split(":")
        assert host in services and services[host]["spec"]["ports"][0]["port"] == int(port)
    assert by_kind(objects, "Ingress")["gateway"]["spec"]["rules"][0]["http"]["paths"][0]["backend"]["service"][
        "name"] == "gateway"


def test_the_gateway_sends_everything_else_to_the_console(objects):
    host, port = env(by_kind(objects, "Deployment")["gateway"])["CONSOLE_UPSTREAM"].split(":")
    assert host == "console" and by_kind(objects, "Service")[host]["spec"]["ports"][0]["port"] == int(port)


def test_the_console_is_one_deployment_without_database_broker_worker_or_migration(objects):
    deployments = by_kind(objects, "Deployment")
    console = deployments["console"]
    assert container(console)["image"] == "registry.example.org/rent/console:latest"
    assert not any(name.startswith("console-") for name in [*deployments, *by_kind(objects, "Job"),
                                                           *by_kind(objects, "HorizontalPodAutoscaler")])
    settings = env(console)
    assert settings["SERVICE"] == "console"
    assert not {"RENT_DATABASE_URL", "RENT_AMQP_URL"} & set(settings)
    assert settings["CONSOLE_SESSION_KEY"] == {"secretKeyRef": {"name": "console-session", "key": "key"}}
    assert console["spec"]["replicas"] >= 2  # hence one key for all pods, from the secret
    service = by_kind(objects, "Service")["console"]
    labels = console["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= labels.items()
    assert labels["app.kubernetes.io/name"] == "console"
    assert by_kind(objects, "PodDisruptionBudget")["console"]["spec"]["selector"]["matchLabels"].items() <= \
        labels.items()


def test_the_console_session_key_placeholder_is_long_enough_to_start(objects):
    key = base64.b64decode(keyed(objects)[("Secret", "console-session")]["data"]["key"]).decode()
    assert len(key) >= 32 and "CHANGE-ME" in key


def test_the_console_calls_each_services_api_and_keycloaks_rent_staff_client(repo, objects):
    settings, services = env(by_kind(objects, "Deployment")["console"]), by_kind(objects, "Service")
    for service in SERVICES:
        host, port = settings[f"CONSOLE_{service.upper()}_URL"].removeprefix("http://").split(":")
        assert host == f"{service}-api" and services[host]["spec"]["ports"][0]["port"] == int(port)
    config = by_kind(objects, "ConfigMap")["rent-config"]["data"]
    assert settings["CONSOLE_OIDC_ISSUER"] == config["RENT_AUTH_ISSUER"]  # the browser's issuer, as the services
    assert settings["CONSOLE_OIDC_JWKS_URL"] == config["RENT_AUTH_JWKS_URL"]
    assert settings["CONSOLE_OIDC_TOKEN_URL"] == config["RENT_AUTH_JWKS_URL"].replace("/certs", "/token")
    assert settings["CONSOLE_OIDC_AUDIENCE"] == config["RENT_AUTH_AUDIENCE"]
    assert settings["CONSOLE_PUBLIC_URL"] + "/auth/realms/rent" == settings["CONSOLE_OIDC_ISSUER"]
    realm = json.loads((repo / "deploy/keycloak/rent-realm.json").read_text())
    (client,) = [c for c in realm["clients"] if c["clientId"] == settings["CONSOLE_OIDC_CLIENT_ID"]]
    assert client["clientId"] == "rent-staff" and client["publicClient"] is True  # PKCE, no client secret
    # Every setting the console is given is one it reads.
    known = {f"CONSOLE_{name.upper()}" for name in ConsoleSettings.model_fields}
    assert {name for name in settings if name.startswith("CONSOLE_")} <= known


def test_no_manifest_loads_anything_from_a_cdn(repo):
    text = "\n".join(p.read_text() for p in sorted((repo / "deploy/k8s").rglob("*.yaml"))).lower()
    assert [cdn for cdn in ("unpkg", "jsdelivr", "cdnjs", "googleapis") if cdn in text] == []
