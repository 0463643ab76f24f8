"""The fault tests' platform and what they do to it: the live stack on a private broker with
recovery's database on a private PostgreSQL, a token, and upstream payments to send."""

from __future__ import annotations

import asyncio
import json
import uuid

import aio_pika
import httpx
from rentctl.client import Gateway

from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY
from shared.messaging.topology import Names
from shared.testing.live_stack import LiveStack
from shared.testing.private_servers import PrivatePostgres, PrivateRabbit

NAMESPACE = "faults"
ROLES = ["rent_officer", "income_officer", "senior_officer", "finance_approver", "auditor"]
ACCOUNTS, WEEKS, SEED = 120, 2, 11
# Recovery retries for 6.5 s: a short database outage is ridden out, a long one dead-letters.
RECOVERY_RETRIES_MS = "[500, 2000, 4000]"


class FaultStack:
    def __init__(self, live: LiveStack, rabbit: PrivateRabbit, postgres: PrivatePostgres, recovery_db: str):
        self.live, self.rabbit, self.postgres, self.recovery_db = live, rabbit, postgres, recovery_db
        self.token = httpx.post(live.token_url(), json={"username": "fault.tester", "roles": ROLES},
                                timeout=10).json()["access_token"]
        self.accounts: list[str] = []

    def gateway(self) -> Gateway:
        return Gateway(self.live.gateway_url, self.token, timeout=60)

    def http(self) -> httpx.Client:
        return httpx.Client(base_url=self.live.gateway_url, headers={"Authorization": f"Bearer {self.token}"},
                            timeout=60)

    def publish_payments(self, payments: list[dict]) -> None:
        """Upstream payments, as a receipting system sends them (the inbound contract)."""

        async def send() -> None:
            connection = await aio_pika.connect(self.rabbit.url)
            async with connection:
                channel = await connection.channel(publisher_confirms=True)
                exchange = await channel.get_exchange(Names(NAMESPACE).events_exchange)
                for body in payments:
                    await exchange.publish(aio_pika.Message(
                        json.dumps(body).encode(), message_id=f"{body['source_system']}-{body['transaction_id']}",
                        content_type="application/json", delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                        routing_key=INBOUND_PAYMENT_ROUTING_KEY, mandatory=True)

        asyncio.run(send())


def payment(account_ref: str, amount: str, tag: str) -> dict:
    return {"source_system": "faultpay", "transaction_id": f"{tag}-{uuid.uuid4().hex[:12]}",
            "payment_reference": account_ref, "amount": amount, "paid_on": "2026-04-20", "method": "card",
            "channel": "web"}


