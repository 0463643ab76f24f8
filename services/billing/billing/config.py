from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class BillingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BILLING_", extra="ignore")

    service_name: str = "billing"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/rent_billing"
    http_port: int = 8001
    # How often the search vocabulary (the words a mistyped one may mean) catches up with new names.
    search_vocabulary_seconds: float = 300.0
