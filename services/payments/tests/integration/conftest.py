import pytest

from payments.bootstrap import create_app
from payments.config import PaymentsSettings
from shared.testing.plugin import api_client


@pytest.fixture
async def payments(settings_for, runtimes):
    """Payments' API on a fresh database; the relay is off so the outbox can be inspected."""
    app = create_app(settings_for(PaymentsSettings, "payments", relay_enabled=False, consumers_enabled=False))
    async with api_client(app, runtimes) as client:
        client.app = app
        yield client
