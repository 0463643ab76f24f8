"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(extra="ignore")

    service_name: str = "service"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
    db_pool_size: int = 10
    amqp_url: str = "amqp://guest:guest@127.0.0.1:5672/"
    # Prefix of every exchange and queue name: lets test runs share one broker safely.
    messaging_namespace: str = "rent"
    prefetch: int = 64
    # Handlers running at once across the service's consumers (aio-pika starts one task per
    # delivery, up to the prefetch). Unset: db_pool_size, so handlers never hold more than the
    # pool's base connections and its overflow stays free for HTTP requests and the relay.
    consumer_concurrency: int | None = Field(None, ge=1)
    retry_delays_ms: list[int] = Field(default_factory=lambda: [1000, 5000, 30000])
    # Broker-side cap on deliveries (covers consumers that die mid-message).
    delivery_limit: int = 20
    consumers_enabled: bool = True
    relay_enabled: bool = True
    relay_batch_size: int = 500
    # The relay is woken by commits (LISTEN/NOTIFY); polling is only its safety net.
    relay_poll_seconds: float = 2.0
    graceful_timeout_seconds: float = 15.0

    auth_issuer: str = "http://127.0.0.1:8090/realms/rent"
    auth_audience: str = "rent-platform"
    auth_jwks_url: str | None = "http://127.0.0.1:8090/realms/rent/protocol/openid-connect/certs"
    auth_jwks_file: str | None = None

    log_level: str = "INFO"
    log_json: bool = True
    bind_host: str = "127.0.0.1"
