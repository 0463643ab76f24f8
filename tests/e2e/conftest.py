"""Run several services in-process against their own databases and one broker namespace."""

from __future__ import annotations

from contextlib import AsyncExitStack

import pytest

from billing.bootstrap import create_app as billing_app
from billing.config import BillingSettings
from notifications.bootstrap import create_app as notifications_app
from notifications.config import NotificationsSettings
from payments.bootstrap import create_app as payments_app
from payments.config import PaymentsSettings
from recovery.bootstrap import create_app as recovery_app
from recovery.config import RecoverySettings
from refunds.bootstrap import create_app as refunds_app
from refunds.config import RefundsSettings
from shared.testing.plugin import api_client

SERVICES = {
    "billing": (BillingSettings, billing_app),
    "payments": (PaymentsSettings, payments_app),
    "recovery": (RecoverySettings, recovery_app),
    "refunds": (RefundsSettings, refunds_app),
    "notifications": (NotificationsSettings, notifications_app),
}


class Stack:
    def __init__(self) -> None:
        self.clients = {}
        self.apps = {}

    def __getattr__(self, name: str):
        try:
            return self.clients[name]
        except KeyError:
            raise AttributeError(name) from None


@pytest.fixture
async def stack(settings_for, runtimes):
    """All five services running, each with its own fresh database."""
    result = Stack()
    async with AsyncExitStack() as exits:
        for name, (settings_cls, factory) in SERVICES.items():
            app = factory(settings_for(settings_cls, name))
            result.apps[name] = app
            result.clients[name] = await exits.enter_async_context(api_client(app, runtimes))
        yield result
