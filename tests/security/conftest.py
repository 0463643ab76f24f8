"""Fixtures for the security tests: every route of every service, from its OpenAPI document (through the gateway), with
the roles its code demands (the `required_roles` of its require_roles dependency)."""

from __future__ import annotations

import importlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from fastapi.routing import APIRoute

from shared.auth.dev_issuer import DevIssuer
from shared.testing.live_stack import live_stack_for_test

SERVICES = ("billing", "payments", "recovery", "refunds", "notifications")
# Deliberately public: liveness, readiness, metrics and the two API documents.
PUBLIC = {"/health", "/ready", "/metrics", "/asyncapi.json", "/openapi.json"}
# Webhooks that a third party calls with its own credential instead of an OIDC token: they
# must still refuse every request without that credential (401), but have no roles.
OWN_CREDENTIAL = {
    ("notifications", "POST", "/notify/callbacks"): "GOV.UK Notify's callback bearer token",
}


@dataclass(frozen=True)
class Route:
    service: str
    method: str
    path: str
    operation: dict
    document: dict

    @property
    def public(self) -> bool:
        return self.path in PUBLIC

    @property
    def own_credential(self) -> bool:
        return (self.service, self.method.upper(), self.path) in OWN_CREDENTIAL

    @property
    def id(self) -> str:
        return f"{self.service} {self.method.upper()} {self.path}"

    def url(self) -> str:
        """The path through the gateway with its parameters filled in plausibly."""
        def fill(match: re.Match) -> str:
            name = match.group(1)
            for param in self.operation.get("parameters", []):
                if param["name"] == name and param.get("schema", {}).get("format") == "uuid":
                    return str(uuid.uuid4())
            return "X100"
        query = []
        for param in self.operation.get("parameters", []):
            if param["in"] == "query" and param.get("required"):
                query.append(f"{param['name']}=1")
        path = re.sub(r"\{([^}]+)\}", fill, self.path)
        return f"/{self.service}{path}" + (f"?{'&'.join(query)}" if query else "")

    def request_kwargs(self) -> dict:
        body = self.operation.get("requestBody")
        if body is None:
            return {}
        if "application/json" in body.get("content", {}):
            # A body that passes validation, so only authentication can refuse the request.
            return {"json": example(self.document, body["content"]["application/json"].get("schema", {}))}
        return {"files": {"file": ("empty.csv", b"", "text/csv")}}

    def call(self, client: httpx.Client, headers: dict[str, str]) -> httpx.Response:
        return client.request(self.method.upper(), self.url(), headers=headers, **self.request_kwargs())


def routes_from_openapi(service: str, document: dict) -> list[Route]:
    found = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if method in {"get", "post", "put", "patch", "delete"}:
                found.append(Route(service, method, path, operation, document))
    return found


def example(document: dict, schema: dict, depth: int = 0):
    """A small value that satisfies `schema` (required properties only)."""
    while "$ref" in schema:
        schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if depth > 6:
        return None
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            options = [s for s in schema[key] if s.get("type") != "null"] or schema[key]
            return example(document, options[0], depth + 1)
    if "enum" in schema:
        return schema["enum"][0]
    if "const" in schema:
        return schema["const"]
    kind = schema.get("type", "object")
    if kind == "object":
        props = schema.get("properties", {})
        return {name: example(document, props[name], depth + 1) for name in schema.get("required", [])}
    if kind == "array":
        return [example(document, schema.get("items", {}), depth + 1) for _ in range(schema.get("minItems", 0))]
    if kind in ("integer", "number"):
        return max(1, schema.get("minimum", 1))
    if kind == "boolean":
        return False
    formats = {"uuid": str(uuid.uuid4()), "date": "2026-10-01", "date-time": "2026-10-01T10:00:00Z",
               "email": "someone@example.org"}
    return formats.get(schema.get("format"), "X100")


def required_roles(service: str) -> dict[tuple[str, str], frozenset[str] | None]:
    """(METHOD, path) -> the roles the route's code requires (None: no role check at all)."""
    app = importlib.import_module(f"{service}.bootstrap").create_app()
    result: dict[tuple[str, str], frozenset[str] | None] = {}
    for methods, path, roles in _walk(app.router.routes, "", None):
        for method in methods:
            result[(method.upper(), path)] = roles
    return result


def _walk(routes, prefix: str, inherited: frozenset[str] | None):
    """Routes with their full paths; FastAPI keeps included routers as nodes of their own."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route.methods, prefix + route.path, _roles_in(route.dependant) or inherited
        elif hasattr(route, "original_router"):  # an included router (FastAPI >= 0.160)
            context = route.include_context
            roles = inherited
            for depends in context.dependencies:
                roles = getattr(depends.dependency, "required_roles", None) or roles
            yield from _walk(route.original_router.routes, prefix + context.prefix, roles)


def _roles_in(dependant) -> frozenset[str] | None:
    for dep in dependant.dependencies:
        roles = getattr(dep.call, "required_roles", None)
        if roles is not None:
            return frozenset(roles)
        nested = _roles_in(dep)
        if nested is not None:
            return nested
    return None


@pytest.fixture(scope="module")
def live(databases, amqp_url, tmp_path_factory):
    """The five services, the issuer and the gateway as processes (module-wide)."""
    namespace = f"sec{tmp_path_factory.getbasetemp().name[-6:]}".replace("-", "")
    with live_stack_for_test(databases, amqp_url, namespace, tmp_path_factory.mktemp("stack")) as stack:
        yield stack


@pytest.fixture(scope="module")
def issuer(live) -> DevIssuer:
    """The running issuer's own key (its key file), to mint tokens it would never issue."""
    return DevIssuer(key_file=Path(live.log_dir) / "dev-issuer-key.pem")


@pytest.fixture(scope="module")
def routes(live) -> list[tuple[Route, frozenset[str] | None]]:
    """(route, the roles its code requires) for every operation in every OpenAPI document."""
    found = []
    with httpx.Client(base_url=live.gateway_url, timeout=10) as client:
        for service in SERVICES:
            document = client.get(f"/{service}/openapi.json").raise_for_status().json()
            roles = required_roles(service)
            for route in routes_from_openapi(service, document):
                found.append((route, roles.get((route.method.upper(), route.path))))
    return found
