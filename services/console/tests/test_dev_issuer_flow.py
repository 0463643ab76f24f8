"""The development issuer's OpenID Connect endpoints, as the console uses them: the authorize
page, the code exchange with its PKCE check, refresh, logout and discovery."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from fastapi.testclient import TestClient

from console.oidc import code_challenge, new_code_verifier
from shared.auth.dev_issuer import DevIssuer, create_app
from shared.auth.tokens import TokenVerifier

OIDC = "/realms/rent/protocol/openid-connect"
REDIRECT = "http://127.0.0.1:8080/auth/callback"


@pytest.fixture(scope="module")
def issuer():
    return DevIssuer()


@pytest.fixture
def client(issuer):
    return TestClient(create_app(issuer, access_ttl_seconds=120))


def authorize(client, verifier: str, **form) -> str:
    fields = {"client_id": "rent-staff", "redirect_uri": REDIRECT, "response_type": "code", "state": "st",
              "nonce": "no", "code_challenge": code_challenge(verifier), "code_challenge_method": "S256",
              "username": "jo.officer", "roles": ["rent_officer", "income_officer"], "patches": "ha01, HA02"}
    answer = client.post(f"{OIDC}/auth", data={**fields, **form}, follow_redirects=False)
    assert answer.status_code == 303, answer.text
    location = urlsplit(answer.headers["location"])
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT and query["state"] == "st"
    return query["code"]


def exchange(client, code: str, verifier: str, redirect_uri: str = REDIRECT):
    return client.post(f"{OIDC}/token", data={"grant_type": "authorization_code", "code": code,
                                              "redirect_uri": redirect_uri, "client_id": "rent-staff",
                                              "code_verifier": verifier})


def test_discovery_names_the_flows_endpoints(client):
    doc = client.get("/realms/rent/.well-known/openid-configuration").json()
    assert doc["authorization_endpoint"].endswith(f"{OIDC}/auth")
    assert doc["token_endpoint"].endswith(f"{OIDC}/token")
    assert doc["code_challenge_methods_supported"] == ["S256"]
    assert client.get(f"{OIDC}/certs").json()["keys"]


def test_the_authorize_page_offers_a_user_roles_and_patches(client):
    page = client.get(f"{OIDC}/auth", params={"client_id": "rent-staff", "redirect_uri": REDIRECT,
                                              "response_type": "code", "state": "s", "nonce": "n",
                                              "code_challenge": "c" * 43, "code_challenge_method": "S256"})
    assert page.status_code == 200
    assert 'name="username"' in page.text and 'value="rent_officer"' in page.text and 'name="patches"' in page.text


@pytest.mark.parametrize("bad", [
    {"redirect_uri": "https://evil.example/cb"},
    {"code_challenge_method": "plain"},
    {"code_challenge": ""},
    {"response_type": "token"},
])
def test_the_authorize_page_refuses_requests_the_client_may_not_make(client, bad):
    params = {"client_id": "rent-staff", "redirect_uri": REDIRECT, "response_type": "code", "state": "s",
              "code_challenge": "c" * 43, "code_challenge_method": "S256", **bad}
    assert client.get(f"{OIDC}/auth", params=params).status_code == 400


def test_an_empty_user_name_is_asked_for_again(client):
    answer = client.post(f"{OIDC}/auth", data={"client_id": "rent-staff", "redirect_uri": REDIRECT,
                                                "response_type": "code", "code_challenge": "c" * 43,
                                                "code_challenge_method": "S256", "username": " "})
    assert answer.status_code == 400 and "Enter a user name" in answer.text and 'href="#username"' in answer.text


def test_a_code_with_its_verifier_gives_tokens_once(client, issuer):
    verifier = new_code_verifier()
    code = authorize(client, verifier)
    tokens = exchange(client, code, verifier).json()
    principal = TokenVerifier(issuer=issuer.issuer, audience="rent-platform", jwks=issuer.jwks()).verify(
        tokens["access_token"])
    assert principal.username == "jo.officer"
    assert principal.roles == {"rent_officer", "income_officer"} and principal.patches == {"HA01", "HA02"}
    assert tokens["expires_in"] == 120
    id_claims = jwt.decode(tokens["id_token"], options={"verify_signature": False})
    assert id_claims["aud"] == "rent-staff" and id_claims["nonce"] == "no"
    again = exchange(client, code, verifier)
    assert again.status_code == 400 and again.json()["error"] == "invalid_grant"


def test_a_wrong_verifier_or_redirect_uri_gets_nothing(client):
    verifier = new_code_verifier()
    wrong = exchange(client, authorize(client, verifier), new_code_verifier())
    assert wrong.status_code == 400 and wrong.json()["error_description"] == "PKCE verification failed"
    elsewhere = exchange(client, authorize(client, verifier), verifier, "http://127.0.0.1:9/auth/callback")
    assert elsewhere.status_code == 400


def test_a_refresh_token_gives_a_new_access_token_with_the_same_roles(client, issuer):
    verifier = new_code_verifier()
    tokens = exchange(client, authorize(client, verifier), verifier).json()
    answer = client.post(f"{OIDC}/token", data={"grant_type": "refresh_token", "client_id": "rent-staff",
                                                "refresh_token": tokens["refresh_token"]})
    fresh = answer.json()
    principal = TokenVerifier(issuer=issuer.issuer, audience="rent-platform", jwks=issuer.jwks()).verify(
        fresh["access_token"])
    assert principal.roles == {"rent_officer", "income_officer"} and fresh["access_token"] != tokens["access_token"]
    forged = client.post(f"{OIDC}/token", data={"grant_type": "refresh_token", "client_id": "rent-staff",
                                                "refresh_token": tokens["access_token"]})
    assert forged.status_code == 400


def test_logout_returns_only_to_this_machine(client):
    back = client.get(f"{OIDC}/logout", params={"post_logout_redirect_uri": "http://127.0.0.1:8080/signed-out"},
                      follow_redirects=False)
    assert back.status_code == 303 and back.headers["location"] == "http://127.0.0.1:8080/signed-out"
    assert client.get(f"{OIDC}/logout", params={"post_logout_redirect_uri": "https://evil.example/"},
                      follow_redirects=False).status_code == 400


def test_the_dev_token_endpoint_still_works(client):
    answer = client.post("/realms/rent/dev/token", json={"username": "x", "roles": ["auditor"]})
    assert answer.status_code == 200 and answer.json()["access_token"]
