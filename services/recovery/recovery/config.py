from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class RecoverySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="RECOVERY_", extra="ignore")

    service_name: str = "recovery"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/rent_recovery"
    http_port: int = 8003
