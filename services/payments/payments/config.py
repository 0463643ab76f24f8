from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class PaymentsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PAYMENTS_", extra="ignore")

    service_name: str = "payments"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/rent_payments"
    http_port: int = 8002
    # Where upstream systems drop income files (None: no watcher in this process).
    drop_folder: str | None = None
    drop_folder_poll_seconds: float = 5.0
