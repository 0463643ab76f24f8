"""Run recovery: ``python -m recovery`` (API, consumers and outbox relay in one process;
set RECOVERY_CONSUMERS_ENABLED / RECOVERY_RELAY_ENABLED to split them)."""

from recovery.bootstrap import create_app
from recovery.config import RecoverySettings
from shared.web.serve import serve


def main() -> None:
    settings = RecoverySettings()
    serve(settings, create_app, settings.http_port)


if __name__ == "__main__":
    main()
