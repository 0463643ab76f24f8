"""Recovery's app on a fresh database, and helpers that feed it billing's events
through its own consumer handlers and read what it put in its outbox."""

from __future__ import annotations

import json
from datetime import date, datetime

import pytest
from sqlalchemy import text

from recovery.bootstrap import consumers, create_app
from recovery.config import RecoverySettings
from shared.contracts.envelope import Envelope, EventData
from shared.db.unit_of_work import UnitOfWork
from shared.messaging.consumer import Incoming, event_key
from shared.testing.billing_feed import BillingFeed
from shared.testing.plugin import api_client


class Recovery:
    """An API client plus direct access to the service's database and handlers."""

    def __init__(self, client, app, token) -> None:
        self.client, self.app, self.token = client, app, token
        self.feed = BillingFeed()
        self.officer = token("i.officer", "income_officer")
        self.senior = token("s.senior", "senior_officer")
        self._handlers = {k: h for c in consumers() for k, h in c.handlers.items()}

    async def apply(self, *events: EventData, occurred_at: datetime | None = None) -> None:
        """Consume events as the recovery.ledger consumer would (one transaction each)."""
        factory = self.app.state.runtime.session_factory
        for event in events:
            envelope = Envelope.wrap(event, occurred_at=occurred_at)
            async with UnitOfWork(factory) as uow:
                await self._handlers[event_key(type(event))](
                    Incoming(key=event_key(type(event)), message_id=str(envelope.event_id), data=event,
                             envelope=envelope), uow)
                await uow.commit()

    async def tenancy(self, ref: str, weekly: str = "100.00", start: date = date(2026, 6, 1), **kw) -> None:
        await self.apply(*self.feed.open_tenancy(ref, weekly=weekly, start=start, **kw))

    async def sql(self, query: str, **params):
        async with self.app.state.runtime.session_factory() as session:
            return (await session.execute(text(query), params)).mappings().all()

    async def outbox(self, event_type: str) -> list[dict]:
        rows = await self.sql("SELECT body FROM outbox WHERE event_type = :t ORDER BY id", t=event_type)
        return [json.loads(r["body"])["data"] for r in rows]

    async def run(self, day: date, expect: int = 201) -> dict:
        response = await self.client.post("/daily-runs", json={"run_date": day.isoformat()}, headers=self.senior)
        assert response.status_code == expect, response.text
        return response.json()

    async def recommendations(self, ref: str, day: date) -> list[dict]:
        response = await self.client.get(f"/accounts/{ref}/recommendations", headers=self.officer)
        return [r for r in response.json() if r["run_date"] == day.isoformat()]

    async def recommended(self, ref: str, day: date) -> tuple[str, str | None] | None:
        found = await self.recommendations(ref, day)
        return (found[0]["stage"], found[0]["hold"]) if found else None

    async def accept(self, ref: str, day: date, expect: int = 201, **body) -> dict:
        [rec] = await self.recommendations(ref, day)
        response = await self.client.post(f"/recommendations/{rec['recommendation_id']}/accept",
                                          json={"taken_on": day.isoformat(), **body}, headers=self.officer)
        assert response.status_code == expect, response.text
        return response.json()

    async def act(self, ref: str, expect: int = 201, **body) -> dict:
        response = await self.client.post(f"/accounts/{ref}/actions", json=body, headers=self.officer)
        assert response.status_code == expect, response.text
        return response.json()


@pytest.fixture
async def recovery(settings_for, runtimes, token):
    settings = settings_for(RecoverySettings, "recovery", consumers_enabled=False, relay_enabled=False)
    app = create_app(settings)
    async with api_client(app, runtimes) as client:
        yield Recovery(client, app, token)
