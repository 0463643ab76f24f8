"""Requests without a token, with an expired, wrongly signed, wrong-audience or
wrong-issuer token, or with none of the route's roles are refused on every route of every
service, through the gateway. The routes come from each service's OpenAPI document, so a
route added later is covered (and one added without a role check fails here)."""

from __future__ import annotations

import time

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from shared.auth.dev_issuer import DevIssuer
from shared.auth.principal import Role


def bad_tokens(issuer: DevIssuer) -> dict[str, str]:
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    now = time.time()
    forged_claims = jwt.decode(issuer.mint("mallory", ["admin"]), options={"verify_signature": False})
    return {
        "expired": issuer.mint("late.larry", ["admin"], ttl_seconds=60, now=now - 3600),
        "wrongly signed": jwt.encode(forged_claims, other_key, algorithm="RS256", headers={"kid": issuer.kid}),
        "unsigned": jwt.encode(forged_claims, key=None, algorithm="none"),
        "wrong audience": issuer.mint("aud.amy", ["admin"], audience="another-api"),
        "wrong issuer": issuer.mint("iss.ian", ["admin"], issuer="https://evil.example/realms/rent"),
        "garbage": "not-a-jwt",
    }


def test_the_openapi_documents_list_routes_of_every_service(routes):
    services = {route.service for route, _ in routes if not route.public}
    assert services == {"billing", "payments", "recovery", "refunds", "notifications"}


def test_every_non_public_route_declares_the_roles_it_needs(routes):
    unguarded = [route.id for route, roles in routes if not route.public and not route.own_credential and not roles]
    assert unguarded == [], f"routes without require_roles: {unguarded}"


def test_every_route_refuses_a_request_without_a_token(live, routes):
    with httpx.Client(base_url=live.gateway_url, timeout=10) as client:
        wrong = {}
        for route, _ in routes:
            if route.public:
                continue
            response = route.call(client, {})
            if response.status_code != 401 or response.headers["content-type"] != "application/problem+json":
                wrong[route.id] = (response.status_code, response.text[:120])
    assert wrong == {}


def test_every_route_refuses_expired_forged_and_foreign_tokens(live, routes, issuer):
    tokens = bad_tokens(issuer)
    with httpx.Client(base_url=live.gateway_url, timeout=10) as client:
        wrong = {}
        for route, _ in routes:
            if route.public:
                continue
            for kind, token in tokens.items():
                response = route.call(client, {"Authorization": f"Bearer {token}"})
                if response.status_code != 401:
                    wrong[f"{route.id} [{kind}]"] = (response.status_code, response.text[:120])
    assert wrong == {}


def test_every_route_refuses_a_valid_token_without_one_of_its_roles(live, routes, issuer):
    with httpx.Client(base_url=live.gateway_url, timeout=10) as client:
        wrong, checked = {}, 0
        for route, roles in routes:
            if route.public or not roles:
                continue
            others = sorted(set(Role) - set(roles) - {Role.ADMIN})
            if not others:
                continue  # every role may call it: no wrong role exists
            for role in others:
                token = issuer.mint(f"wrong.{role}", [role])
                response = route.call(client, {"Authorization": f"Bearer {token}"})
                checked += 1
                if response.status_code != 403:
                    wrong[f"{route.id} as {role}"] = (response.status_code, response.text[:120])
    assert wrong == {}
    assert checked > 0


def test_every_route_lets_a_caller_with_its_role_past_authentication(live, routes, issuer):
    """The control that makes the refusals mean something: the right role gets through."""
    with httpx.Client(base_url=live.gateway_url, timeout=10) as client:
        wrong = {}
        for route, roles in routes:
            if route.public or not roles:
                continue
            role = sorted(roles)[0]
            token = issuer.mint(f"right.{role}", [role])
            response = route.call(client, {"Authorization": f"Bearer {token}"})
            if response.status_code in (401, 403) or response.status_code >= 500:
                wrong[f"{route.id} as {role}"] = (response.status_code, response.text[:160])
    assert wrong == {}


def test_public_routes_answer_without_a_token(live):
    with httpx.Client(base_url=live.gateway_url, timeout=10) as client:
        for service in ("billing", "payments", "recovery", "refunds", "notifications"):
            for path in ("/health", "/ready", "/openapi.json", "/asyncapi.json"):
                assert client.get(f"/{service}{path}").status_code == 200, f"{service}{path}"
