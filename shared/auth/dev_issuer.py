"""A local OpenID-style token issuer for development and tests (never production).

It keeps one RSA key (in a file so tokens survive restarts), publishes its JWKS like
Keycloak does, and mints tokens for a user name and roles. Run it with
``python -m shared.auth.dev_issuer`` or use ``DevIssuer`` in-process.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from pathlib import Path
from typing import Any

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm
from pydantic import BaseModel, Field

DEFAULT_ISSUER = "http://127.0.0.1:8090/realms/rent"
DEFAULT_AUDIENCE = "rent-platform"


class DevIssuer:
    def __init__(
        self,
        *,
        issuer: str = DEFAULT_ISSUER,
        audience: str = DEFAULT_AUDIENCE,
        key_file: Path | None = None,
    ) -> None:
        self.issuer = issuer
        self.audience = audience
        self._key = self._load_or_create(key_file)
        self.kid = "dev-" + uuid.uuid5(uuid.NAMESPACE_URL, self.public_pem()).hex[:12]

    @staticmethod
    def _load_or_create(key_file: Path | None) -> rsa.RSAPrivateKey:
        if key_file and key_file.exists():
            key = serialization.load_pem_private_key(key_file.read_bytes(), password=None)
            assert isinstance(key, rsa.RSAPrivateKey)
            return key
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        if key_file:
            key_file.parent.mkdir(parents=True, exist_ok=True)
            key_file.write_bytes(
                key.private_bytes(
                    serialization.Encoding.PEM,
                    serialization.PrivateFormat.PKCS8,
                    serialization.NoEncryption(),
                )
            )
            os.chmod(key_file, 0o600)
        return key

    def public_pem(self) -> str:
        return self._key.public_key().public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()

    def jwks(self) -> dict[str, Any]:
        jwk = json.loads(RSAAlgorithm.to_jwk(self._key.public_key()))
        jwk.update({"kid": self.kid, "use": "sig", "alg": "RS256"})
        return {"keys": [jwk]}

    def mint(
        self,
        username: str,
        roles: list[str] | tuple[str, ...],
        *,
        ttl_seconds: int = 3600,
        patches: list[str] | None = None,
        audience: str | None = None,
        issuer: str | None = None,
        now: float | None = None,
    ) -> str:
        issued = int(now if now is not None else time.time())
        claims = {
            "iss": issuer or self.issuer,
            "aud": audience or self.audience,
            "sub": str(uuid.uuid5(uuid.NAMESPACE_DNS, username)),
            "preferred_username": username,
            "iat": issued,
            "exp": issued + ttl_seconds,
            "jti": uuid.uuid4().hex,
            "realm_access": {"roles": list(roles)},
        }
        if patches:
            claims["patches"] = patches
        return jwt.encode(claims, self._key, algorithm="RS256", headers={"kid": self.kid})


class TokenRequest(BaseModel):
    username: str = Field(min_length=1, max_length=100)
    roles: list[str]
    ttl_seconds: int = Field(default=3600, ge=1, le=86400)
    patches: list[str] | None = None


def create_app(issuer: DevIssuer):
    from fastapi import FastAPI

    app = FastAPI(title="Development token issuer (not for production)")
    base = issuer.issuer

    @app.get("/realms/rent/.well-known/openid-configuration")
    def discovery() -> dict[str, Any]:
        return {
            "issuer": base,
            "jwks_uri": f"{base}/protocol/openid-connect/certs",
            "token_endpoint": f"{base}/dev/token",
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    @app.get("/realms/rent/protocol/openid-connect/certs")
    def certs() -> dict[str, Any]:
        return issuer.jwks()

    @app.post("/realms/rent/dev/token")
    def token(req: TokenRequest) -> dict[str, Any]:
        return {
            "access_token": issuer.mint(req.username, req.roles, ttl_seconds=req.ttl_seconds, patches=req.patches),
            "token_type": "Bearer",
            "expires_in": req.ttl_seconds,
        }

    return app


def main() -> None:
    import uvicorn

    key_file = Path(os.environ.get("DEV_ISSUER_KEY_FILE", ".stack/dev-issuer-key.pem"))
    port = int(os.environ.get("DEV_ISSUER_PORT", "8090"))
    uvicorn.run(create_app(DevIssuer(key_file=key_file)), host="127.0.0.1", port=port, log_level="warning")


if __name__ == "__main__":
    main()
