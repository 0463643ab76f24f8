"""A migrated estate through the real broker: payments learns the legacy references from
AccountOpened and matches a payment quoting an old reference; billing posts it on the
migrated account and recovery's projection starts from the migrated balance."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY
from shared.messaging.publisher import ConfirmingPublisher
from shared.testing.helpers import eventually

pytestmark = pytest.mark.e2e

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "migration"
MIGRATOR = ("m.lead", "senior_officer")


def upload() -> list[tuple[str, tuple[str, bytes, str]]]:
    """The sample extract as the multipart `files` parts of POST /migrations."""
    return [("files", (p.name, p.read_bytes(), "text/csv")) for p in sorted(SAMPLES.glob("*.csv"))]


async def first(app, sql: str, **params):
    async with app.state.runtime.session_factory() as session:
        return (await session.execute(text(sql), params)).scalar()


async def test_a_payment_quoting_a_legacy_reference_reaches_the_migrated_account(stack, token, amqp_url):
    clients, apps = stack.clients, stack.apps
    loaded = await clients["billing"].post("/migrations", files=upload(), headers=token(*MIGRATOR))
    assert loaded.status_code == 201, loaded.text
    account = await first(apps["billing"], "SELECT account_ref FROM legacy_account_ref WHERE legacy_ref = 'RA500101'")

    async def alias_known():
        return await first(apps["payments"], "SELECT account_ref FROM account_alias WHERE alias = 'RA500101'")

    assert await eventually(alias_known, message="payments never learnt the legacy reference") == account

    names = apps["payments"].state.runtime.names
    publisher = ConfirmingPublisher(amqp_url, names, name="upstream-allpay")
    try:
        await publisher.publish(exchange=names.events_exchange, routing_key=INBOUND_PAYMENT_ROUTING_KEY,
                                message_id="allpay-legacy-1", body=json.dumps({
                                    "source_system": "allpay", "transaction_id": "legacy-1",
                                    "payment_reference": "RA/5001/01", "amount": "50.00", "paid_on": "2026-11-24",
                                    "method": "cash", "channel": "paypoint"}).encode())
    finally:
        await publisher.close()

    async def credited():
        return await first(apps["billing"], "SELECT balance FROM account WHERE account_ref = :a AND last_seq = 2",
                           a=account)

    assert str(await eventually(credited, message="billing never posted the payment")) == "362.15"  # 412.15 - 50

    async def recovery_balance():
        response = await clients["recovery"].get(f"/accounts/{account}", headers=token("i.officer", "income_officer"))
        return response.json() if response.status_code == 200 and response.json()["last_seq"] == 2 else None

    position = await eventually(recovery_balance, message="recovery projection not built from the migration")
    assert position["balance"] == "362.15"
