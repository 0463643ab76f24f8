from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class RefundsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="REFUNDS_", extra="ignore")

    service_name: str = "refunds"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/rent_refunds"
    http_port: int = 8004
    # How often each instance looks whether this month's credit review is due (the day
    # itself is policy, held in the database).
    review_scheduler_enabled: bool = True
    review_poll_seconds: float = 3600.0
