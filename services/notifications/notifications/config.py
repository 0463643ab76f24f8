from pathlib import Path
from typing import Literal

from pydantic import SecretStr
from pydantic_settings import SettingsConfigDict

from shared.settings import ServiceSettings


class NotificationsSettings(ServiceSettings):
    """Process wiring and secrets only; what the service does (landlord details, retry
    policy, letter route, Notify templates) is configuration in its database."""

    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", extra="ignore")

    service_name: str = "notifications"
    database_url: str = "postgresql+asyncpg://postgres@127.0.0.1:5432/rent_notifications"
    http_port: int = 8005

    # The delivery worker renders and sends due notifications (split it out like the relay).
    delivery_enabled: bool = True
    delivery_poll_seconds: float = 1.0
    delivery_batch_size: int = 20
    # Where notifications go: GOV.UK Notify in production, a folder in development.
    delivery_gateway: Literal["notify", "local_sink"] = "local_sink"
    notify_api_key: SecretStr | None = None
    notify_base_url: str = "https://api.notifications.service.gov.uk"
    notify_timeout_seconds: float = 20.0
    # Bearer token GOV.UK Notify sends with delivery receipts (set the same in Notify).
    notify_callback_token: SecretStr | None = None
    local_sink_dir: Path = Path(".stack/notifications-sink")
