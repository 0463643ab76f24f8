"""The Keycloak realm export matches what the services verify: roles, audience, clients."""

from __future__ import annotations

import json

import pytest

from shared.auth.principal import Role
from shared.settings import ServiceSettings


@pytest.fixture(scope="module")
def realm(repo):
    return json.loads((repo / "deploy/keycloak/rent-realm.json").read_text())


def clients(realm):
    return {c["clientId"]: c for c in realm["clients"]}


def test_the_realm_defines_exactly_the_platforms_roles(realm):
    assert {r["name"] for r in realm["roles"]["realm"]} == {str(r) for r in Role}


def test_tokens_carry_the_audience_the_services_expect(realm):
    audience = ServiceSettings().auth_audience
    for name in ("rent-staff", "rent-upstream"):
        mappers = [m for m in clients(realm)[name]["protocolMappers"] if m["protocolMapper"] == "oidc-audience-mapper"]
        assert [m["config"]["included.custom.audience"] for m in mappers] == [audience]
    assert clients(realm)[audience]["bearerOnly"] is True


def test_staff_log_in_interactively_with_pkce_and_never_with_passwords_in_the_client(realm):
    staff = clients(realm)["rent-staff"]
    assert staff["publicClient"] is True and staff["standardFlowEnabled"] is True
    assert staff["directAccessGrantsEnabled"] is False and staff["implicitFlowEnabled"] is False
    assert staff["attributes"]["pkce.code.challenge.method"] == "S256"
    assert any(m["config"].get("claim.name") == "patches" for m in staff["protocolMappers"])


def test_upstream_systems_use_client_credentials_with_the_system_role_and_no_shipped_secret(realm):
    upstream = clients(realm)["rent-upstream"]
    assert upstream["serviceAccountsEnabled"] is True and upstream["publicClient"] is False
    assert upstream["standardFlowEnabled"] is False and upstream["directAccessGrantsEnabled"] is False
    assert upstream["secret"] == "${RENT_UPSTREAM_CLIENT_SECRET}"
    account = next(u for u in realm["users"] if u.get("serviceAccountClientId") == "rent-upstream")
    assert account["realmRoles"] == ["system"]


def test_the_realm_is_hardened(realm):
    assert realm["sslRequired"] == "external" and realm["bruteForceProtected"] is True
    assert realm["registrationAllowed"] is False and realm["accessTokenLifespan"] <= 900
    assert realm["defaultSignatureAlgorithm"] == "RS256"
