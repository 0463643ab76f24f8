"""Run refunds: ``python -m refunds`` (API, consumers and outbox relay in one process;
set REFUNDS_CONSUMERS_ENABLED / REFUNDS_RELAY_ENABLED to split them)."""

from refunds.bootstrap import create_app
from refunds.config import RefundsSettings
from shared.web.serve import serve


def main() -> None:
    settings = RefundsSettings()
    serve(settings, create_app, settings.http_port)


if __name__ == "__main__":
    main()
