import json
import logging
import time

import pytest

from shared.auth.dev_issuer import DevIssuer
from shared.auth.tokens import TokenError, TokenVerifier
from shared.logging import JsonFormatter


@pytest.fixture(scope="module")
def issuer():
    return DevIssuer()


def verifier_for(issuer: DevIssuer) -> TokenVerifier:
    return TokenVerifier(issuer=issuer.issuer, audience=issuer.audience, jwks=issuer.jwks())


def test_valid_token_gives_principal_with_roles(issuer):
    principal = verifier_for(issuer).verify(issuer.mint("jo.bloggs", ["rent_officer"], patches=["HK01"]))
    assert principal.username == "jo.bloggs"
    assert principal.roles == {"rent_officer"}
    assert principal.patches == {"HK01"}


def test_expired_wrong_audience_wrong_issuer_and_foreign_key_are_refused(issuer):
    verifier = verifier_for(issuer)
    stranger = DevIssuer()
    cases = {
        "expired": issuer.mint("a", ["admin"], ttl_seconds=60, now=time.time() - 3600),
        "audience": issuer.mint("a", ["admin"], audience="someone-else"),
        "issuer": issuer.mint("a", ["admin"], issuer="https://evil.example/realms/rent"),
        "signature": stranger.mint("a", ["admin"]),
        "garbage": "not.a.token",
    }
    for name, token in cases.items():
        with pytest.raises(TokenError):
            verifier.verify(token)
        assert name


def test_a_remembered_token_is_still_refused_once_it_expires(issuer, monkeypatch):
    verifier = verifier_for(issuer)
    token = issuer.mint("jo.bloggs", ["rent_officer"], ttl_seconds=60)
    assert verifier.verify(token).username == "jo.bloggs"
    assert verifier.verify(token).username == "jo.bloggs"  # answered from what was verified
    later = time.time() + 60 + 31  # past expiry and the 30 s leeway
    monkeypatch.setattr("shared.auth.tokens.time.time", lambda: later)
    with pytest.raises(TokenError, match="expired"):
        verifier.verify(token)


def test_a_token_differing_by_one_character_is_verified_afresh(issuer):
    verifier = verifier_for(issuer)
    token = issuer.mint("jo.bloggs", ["admin"])
    verifier.verify(token)
    head, payload, signature = token.split(".")
    forged = ".".join([head, payload, ("A" if signature[0] != "A" else "B") + signature[1:]])
    with pytest.raises(TokenError):
        verifier.verify(forged)


def test_json_logs_redact_personal_data():
    record = logging.LogRecord("x", logging.INFO, __file__, 1, "payment matched", None, None)
    record.account_ref = "10000017"
    record.name_ = "ignored"
    record.email = "alex@example.org"
    record.sort_code = "12-34-56"
    line = json.loads(JsonFormatter("billing").format(record))
    assert line["account_ref"] == "10000017"
    assert line["email"] == "[redacted]"
    assert line["sort_code"] == "[redacted]"
    assert "alex@example.org" not in json.dumps(line)
