"""Run notifications: ``python -m notifications`` (API, consumers and outbox relay in one process;
set NOTIFICATIONS_CONSUMERS_ENABLED / NOTIFICATIONS_RELAY_ENABLED to split them)."""

from notifications.bootstrap import create_app
from notifications.config import NotificationsSettings
from shared.web.serve import serve


def main() -> None:
    settings = NotificationsSettings()
    serve(settings, create_app, settings.http_port)


if __name__ == "__main__":
    main()
