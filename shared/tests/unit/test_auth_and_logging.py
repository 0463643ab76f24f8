import json
import logging
import time

import pytest
from asyncpg.exceptions import DataError, UniqueViolationError
from sqlalchemy.exc import IntegrityError

from shared.auth.dev_issuer import DevIssuer
from shared.auth.tokens import TokenError, TokenVerifier
from shared.db.engine import create_engine, describe_database_error
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


NAME = "Alex Example"


def _refused_insert() -> IntegrityError:
    """What SQLAlchemy raises when PostgreSQL refuses a row: asyncpg's error (with DETAIL)
    behind SQLAlchemy's, the statement's parameters beside it."""
    driver = UniqueViolationError.new({
        "C": "23505", "M": 'duplicate key value violates unique constraint "tenant_name_key"',
        "D": f"Key (name)=({NAME}) already exists.", "t": "tenant", "n": "tenant_name_key"})
    try:
        try:
            raise driver
        except UniqueViolationError as exc:
            raise IntegrityError("INSERT INTO tenant (name) VALUES ($1)", (NAME,), exc,
                                 hide_parameters=True) from exc
    except IntegrityError as exc:
        return exc


def test_json_logs_hide_the_values_a_database_error_quotes():
    refused = _refused_insert()
    argument = DataError(f"invalid input for query argument $2: '{NAME}' (expected int)")
    for exc in (refused, argument):
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", None, (type(exc), exc, exc.__traceback__))
        line = json.loads(JsonFormatter("billing").format(record))
        assert NAME not in json.dumps(line)
        assert line["exc"].count("[hidden]") >= 1
    assert "duplicate key value violates unique constraint" in JsonFormatter("x").formatException(
        (IntegrityError, refused, refused.__traceback__))


def test_a_database_error_is_described_without_its_values():
    assert describe_database_error(_refused_insert()) == (
        "IntegrityError: UniqueViolationError (sqlstate 23505, table tenant, constraint tenant_name_key)")


def test_engines_hide_bound_parameters_from_error_text():
    engine = create_engine("postgresql+asyncpg://nobody@127.0.0.1:1/none")
    assert engine.sync_engine.hide_parameters is True
