"""Run billing: ``python -m billing`` (API, consumers and outbox relay in one process;
set BILLING_CONSUMERS_ENABLED / BILLING_RELAY_ENABLED to split them)."""

from billing.bootstrap import create_app
from billing.config import BillingSettings
from shared.web.serve import serve


def main() -> None:
    settings = BillingSettings()
    serve(settings, create_app, settings.http_port)


if __name__ == "__main__":
    main()
