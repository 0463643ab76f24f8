"""The console's sign-in and session rules, as pure functions."""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
import time
from dataclasses import asdict
from urllib.parse import parse_qs, urlsplit

import pytest

from console.config import ConsoleSettings
from console.oidc import authorize_url, code_challenge, logout_url, new_code_verifier, nonce_matches
from console.session import (
    MAX_COOKIE_BYTES,
    Sealer,
    Session,
    SignInAttempt,
    cookie_secure,
    csrf_ok,
    new_token,
    safe_return_to,
)
from shared.auth.dev_issuer import s256

KEY = "k" * 48


def settings(**overrides) -> ConsoleSettings:
    return ConsoleSettings(session_key=KEY, **overrides)


def session(**overrides) -> Session:
    values = dict(username="jo.officer", roles=["rent_officer"], patches=["HA01"], access_token="a" * 900,
                  access_expires=time.time() + 300, refresh_token="r" * 900, csrf_token=new_token(),
                  last_seen=time.time(), id_token="i" * 700)
    return Session(**{**values, **overrides})


def test_the_pkce_verifier_is_long_random_and_url_safe():
    verifiers = {new_code_verifier() for _ in range(50)}
    assert len(verifiers) == 50
    assert all(43 <= len(v) <= 128 and re.fullmatch(r"[A-Za-z0-9._~-]+", v) for v in verifiers)


def test_the_challenge_is_base64url_sha256_of_the_verifier_unpadded():
    verifier = new_code_verifier()
    digest = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert code_challenge(verifier) == digest == s256(verifier)  # the development issuer agrees


def test_the_authorize_address_asks_for_a_code_with_state_nonce_and_an_s256_challenge():
    url = authorize_url(settings(), redirect_uri="http://127.0.0.1:8080/auth/callback", state="st", nonce="no",
                        verifier="v" * 43)
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    assert parts.path == "/auth/realms/rent/protocol/openid-connect/auth"
    assert query == {"response_type": "code", "client_id": "rent-staff", "scope": "openid", "state": "st",
                     "nonce": "no", "redirect_uri": "http://127.0.0.1:8080/auth/callback",
                     "code_challenge": code_challenge("v" * 43), "code_challenge_method": "S256"}
    assert "v" * 43 not in url  # the verifier itself never leaves the console


def test_logout_goes_to_the_issuer_when_configured_and_nowhere_otherwise():
    url = logout_url(settings(), post_logout_redirect_uri="http://127.0.0.1:8080/signed-out", id_token="tok")
    assert parse_qs(urlsplit(url).query)["post_logout_redirect_uri"] == ["http://127.0.0.1:8080/signed-out"]
    assert logout_url(settings(oidc_logout_url=None), post_logout_redirect_uri="/x", id_token=None) is None


def test_the_id_tokens_nonce_must_be_this_sign_ins():
    assert nonce_matches({"nonce": "abc"}, "abc")
    assert not nonce_matches({"nonce": "abc"}, "abd")
    assert not nonce_matches({}, "abc")
    assert not nonce_matches({"nonce": ""}, "")


def test_a_sealed_session_round_trips_and_fits_in_a_cookie():
    sealer = Sealer(KEY)
    original = session()
    sealed = sealer.seal_session(original)
    assert len(sealed) <= MAX_COOKIE_BYTES
    assert "jo.officer" not in sealed and "HA01" not in sealed  # encrypted, not only signed
    assert sealer.unseal_session(sealed) == original


def test_a_session_too_large_drops_the_id_token_first_then_refuses():
    sealer = Sealer(KEY)
    big = session(id_token=secrets.token_urlsafe(3000))
    sealed = sealer.seal_session(big)
    assert sealer.unseal_session(sealed).id_token is None
    with pytest.raises(ValueError, match="too large"):
        sealer.seal_session(session(access_token=secrets.token_urlsafe(4000), id_token=None))


def test_a_tampered_foreign_or_garbage_cookie_is_no_session():
    sealer = Sealer(KEY)
    sealed = sealer.seal_session(session())
    flipped = sealed[:40] + ("A" if sealed[40] != "A" else "B") + sealed[41:]
    assert sealer.unseal_session(flipped) is None
    assert Sealer("another key entirely, also long enough").unseal_session(sealed) is None
    assert sealer.unseal_session("not a cookie") is None
    assert sealer.unseal_session("") is None
    assert sealer.unseal_session(None) is None
    assert sealer.unseal_session(sealer.seal({"unexpected": 1})) is None


def test_the_sign_in_attempt_expires_after_its_time():
    sealer = Sealer(KEY)
    sealed = sealer.seal(asdict(SignInAttempt(state="s", nonce="n", code_verifier="v")))
    assert sealer.unseal(sealed, max_age_seconds=600)["state"] == "s"
    assert sealer.unseal(sealed, max_age_seconds=-1) is None


def test_the_idle_time_out_counts_from_the_last_request():
    now = time.time()
    assert not session(last_seen=now - 29 * 60).idle_expired(now, 30 * 60)
    assert session(last_seen=now - 30 * 60 - 1).idle_expired(now, 30 * 60)


def test_the_access_token_is_refreshed_shortly_before_it_expires():
    now = time.time()
    assert not session(access_expires=now + 31).needs_refresh(now, 30)
    assert session(access_expires=now + 29).needs_refresh(now, 30)
    assert session(access_expires=now - 5).needs_refresh(now, 30)


def test_csrf_needs_the_sessions_own_token():
    mine = session()
    assert csrf_ok(mine, mine.csrf_token)
    assert not csrf_ok(mine, session().csrf_token)
    assert not csrf_ok(mine, "")
    assert not csrf_ok(mine, None)
    assert not csrf_ok(None, mine.csrf_token)


@pytest.mark.parametrize(("asked", "goes_to"), [
    ("/accounts/10000016", "/accounts/10000016"),
    ("/search?q=1", "/search?q=1"),
    (None, "/"),
    ("", "/"),
    ("https://evil.example/", "/"),
    ("//evil.example/x", "/"),
    ("/\\evil.example", "/"),
    ("accounts", "/"),
])
def test_after_sign_in_only_a_path_on_this_site_is_returned_to(asked, goes_to):
    assert safe_return_to(asked) == goes_to


@pytest.mark.parametrize(("scheme", "host", "secure"), [
    ("http", "127.0.0.1:8080", False),
    ("http", "localhost:8006", False),
    ("http", "[::1]:8080", False),
    ("http", "127.0.0.1", False),
    ("https", "127.0.0.1:8080", True),
    ("http", "rent.example.org", True),
    ("https", "rent.example.org", True),
    ("http", None, True),
    ("http", "127.0.0.1.evil.example", True),
])
def test_the_cookie_is_secure_except_on_plain_http_loopback(scheme, host, secure):
    assert cookie_secure(scheme, host) is secure


def test_the_session_key_must_be_long():
    with pytest.raises(ValueError, match="session_key"):
        ConsoleSettings(session_key="short")
