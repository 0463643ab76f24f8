from __future__ import annotations

import pytest

from refunds.bootstrap import create_app
from refunds.config import RefundsSettings
from services.refunds.tests.integration.feed import Feed
from shared.testing.plugin import api_client


@pytest.fixture
async def refunds(settings_for, runtimes):
    """Refunds' API with its consumers and relay running, and a feed of upstream events."""
    app = create_app(settings_for(RefundsSettings, "refunds", review_scheduler_enabled=False))
    async with api_client(app, runtimes) as client:
        client.app = app
        client.feed = Feed(app)
        try:
            yield client
        finally:
            await client.feed.close()
