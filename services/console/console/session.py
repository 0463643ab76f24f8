"""The session, held by the browser in one cookie: the tokens and who the user is, sealed
with Fernet (AES-CBC encrypted and HMAC-signed) under the console's session key, zlib-packed
first. No server-side store: any console instance can serve any request, and a restart signs
nobody out. The cookie is HttpOnly, SameSite=Lax and Secure except on plain-http loopback.

The rules here are pure functions (unit-tested): sealing, the idle time-out, when to refresh,
the CSRF check, where to return after signing in, and when a cookie may drop Secure.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
import zlib
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

from cryptography.fernet import Fernet, InvalidToken

SESSION_COOKIE = "console_session"
SIGN_IN_COOKIE = "console_sign_in"
SIGN_IN_TTL_SECONDS = 600  # from /sign-in to /auth/callback
MAX_COOKIE_BYTES = 4000  # browsers keep at least 4096 bytes per cookie, name and attributes included
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})


@dataclass
class Session:
    username: str
    roles: list[str]
    patches: list[str]
    access_token: str
    access_expires: float
    refresh_token: str | None
    csrf_token: str
    last_seen: float
    id_token: str | None = None

    def idle_expired(self, now: float, idle_timeout_seconds: float) -> bool:
        return now - self.last_seen > idle_timeout_seconds

    def needs_refresh(self, now: float, margin_seconds: float) -> bool:
        return now >= self.access_expires - margin_seconds


@dataclass
class SignInAttempt:
    """What /sign-in remembers for /auth/callback (its own short-lived sealed cookie)."""

    state: str
    nonce: str
    code_verifier: str
    return_to: str = "/"
    extra: dict[str, str] = field(default_factory=dict)


class Sealer:
    def __init__(self, key: str) -> None:
        # Any long random string: derive the 32 bytes Fernet wants from it.
        self._fernet = Fernet(base64.urlsafe_b64encode(hashlib.sha256(key.encode()).digest()))

    def seal(self, payload: dict) -> str:
        packed = zlib.compress(json.dumps(payload, separators=(",", ":")).encode(), 9)
        return self._fernet.encrypt(packed).decode("ascii")

    def unseal(self, value: str | None, *, max_age_seconds: int | None = None) -> dict | None:
        """The payload, or None when absent, tampered with, sealed with another key or too old."""
        if not value:
            return None
        try:
            packed = self._fernet.decrypt(value.encode("ascii"), ttl=max_age_seconds)
            return json.loads(zlib.decompress(packed))
        except (InvalidToken, ValueError, zlib.error, UnicodeEncodeError):
            return None

    def seal_session(self, session: Session) -> str:
        sealed = self.seal(asdict(session))
        if len(sealed) > MAX_COOKIE_BYTES and session.id_token:
            # The ID token is only a hint for the issuer's logout: drop it before anything else.
            session.id_token = None
            sealed = self.seal(asdict(session))
        if len(sealed) > MAX_COOKIE_BYTES:
            raise ValueError(f"session cookie too large ({len(sealed)} bytes)")
        return sealed

    def unseal_session(self, value: str | None) -> Session | None:
        data = self.unseal(value)
        if data is None:
            return None
        try:
            return Session(**data)
        except TypeError:
            return None


def new_token() -> str:
    return secrets.token_urlsafe(32)


def csrf_ok(session: Session | None, submitted: str | None) -> bool:
    """A form's token must equal its session's (constant-time)."""
    if session is None or not submitted:
        return False
    return hmac.compare_digest(session.csrf_token.encode(), submitted.encode())


def safe_return_to(target: str | None) -> str:
    """Only a path on this site: never another host (an open redirect), never scheme-relative."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        return "/"
    return target


def cookie_secure(scheme: str, host: str | None) -> bool:
    """Secure always, except for plain http on this machine (local development, tests)."""
    if scheme == "https":
        return True
    try:
        hostname = urlsplit(f"//{host or ''}").hostname
    except ValueError:
        return True
    return hostname not in LOOPBACK_HOSTS
