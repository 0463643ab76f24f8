"""The console's settings (environment, prefix CONSOLE_)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PACKAGE_ROOT = Path(__file__).resolve().parent
# npm installs into services/console/node_modules (bin/setup; /opt/console/node_modules in the image).
DEFAULT_ASSETS_DIR = PACKAGE_ROOT.parent / "node_modules"


class ConsoleSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="CONSOLE_", extra="ignore")

    service_name: str = "console"
    # The landlord's name in the page header (a council's or housing association's service,
    # not GOV.UK's: no crown, no Crown copyright).
    organisation_name: str = "Rent accounts"
    http_port: int = 8006
    bind_host: str = "127.0.0.1"
    log_level: str = "INFO"
    log_json: bool = True

    # Seals the session cookie (encrypted and signed). Never committed: bin/run-stack and the
    # test stack generate one; deployments take it from a secret.
    session_key: str = Field(min_length=32)
    idle_timeout_minutes: int = Field(30, ge=1)
    # Refresh the access token this many seconds before it expires.
    refresh_margin_seconds: int = 30

    # The services, called server-side with the user's token.
    billing_url: str = "http://127.0.0.1:8001"
    payments_url: str = "http://127.0.0.1:8002"
    recovery_url: str = "http://127.0.0.1:8003"
    refunds_url: str = "http://127.0.0.1:8004"
    notifications_url: str = "http://127.0.0.1:8005"
    backend_timeout_seconds: float = 10.0

    # OpenID Connect (Keycloak's rent-staff client; the development issuer locally). The
    # authorize and logout addresses are for the browser: relative ones go through the gateway.
    oidc_client_id: str = "rent-staff"
    oidc_issuer: str = "http://127.0.0.1:8090/realms/rent"
    oidc_audience: str = "rent-platform"
    oidc_authorize_url: str = "/auth/realms/rent/protocol/openid-connect/auth"
    oidc_logout_url: str | None = "/auth/realms/rent/protocol/openid-connect/logout"
    oidc_token_url: str = "http://127.0.0.1:8090/realms/rent/protocol/openid-connect/token"  # noqa: S105 (a URL)
    oidc_jwks_url: str = "http://127.0.0.1:8090/realms/rent/protocol/openid-connect/certs"
    # The console's own address as the browser sees it (for the redirect URI); unset, it is
    # taken from the request (the gateway passes the browser's Host header).
    public_url: str | None = None

    assets_dir: Path = DEFAULT_ASSETS_DIR
