"""Run payments: ``python -m payments`` (API, consumers and outbox relay in one process;
set PAYMENTS_CONSUMERS_ENABLED / PAYMENTS_RELAY_ENABLED to split them)."""

from payments.bootstrap import create_app
from payments.config import PaymentsSettings
from shared.web.serve import serve


def main() -> None:
    settings = PaymentsSettings()
    serve(settings, create_app, settings.http_port)


if __name__ == "__main__":
    main()
