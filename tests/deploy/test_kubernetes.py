"""The Kustomize manifests: rendered by tests/deploy/kustomize.py (on every machine: it needs
only PyYAML), each object validated against the Kubernetes schemas (kubernetes-validate,
strict), and checked for what the platform needs: probes, non-root, a migration job and
autoscaled consumers per service. Where kubectl is installed, its Kustomize must render the
same objects."""

from __future__ import annotations

import shutil
import subprocess

import kubernetes_validate
import pytest
import yaml

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
