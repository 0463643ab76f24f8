import pytest

from billing.bootstrap import create_app
from billing.config import BillingSettings
from shared.testing.plugin import api_client


@pytest.fixture
async def billing(settings_for, runtimes):
    app = create_app(settings_for(BillingSettings, "billing", relay_enabled=False))
    async with api_client(app, runtimes) as client:
        client.app = app
        yield client
