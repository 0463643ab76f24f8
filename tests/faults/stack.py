"""The fault tests' platform and what they do to it: the live stack on a private broker with
recovery's database on a private PostgreSQL, a token, and upstream payments to send."""

from __future__ import annotations

import asyncio
import json
import re
import time
import uuid

import aio_pika
import httpx
from rentctl.client import Gateway

from shared.contracts.inbound import INBOUND_PAYMENT_ROUTING_KEY
from shared.messaging.topology import Names
from shared.testing.live_stack import RETRY_DELAYS_MS, SERVICES, LiveStack, service_consumers
from shared.testing.private_servers import PrivatePostgres, PrivateRabbit

NAMESPACE = "faults"
ROLES = ["rent_officer", "income_officer", "senior_officer", "finance_approver", "auditor"]
ACCOUNTS, WEEKS, SEED = 120, 2, 11
# Recovery retries for 12.5 s: a short database outage (stop, 3 s, start: about 7 s here) is
# ridden out with room to spare, a long one dead-letters.
RECOVERY_RETRIES_MS = "[500, 2000, 10000]"


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

    def settle(self, timeout: float = 90.0, quiet_for: float = 2.0) -> None:
        """Wait until the platform has finished what earlier steps set going: no message
        ready in any of the namespace's queues and no consumer or relay making progress for
        `quiet_for` seconds (prefetched messages are invisible in a queue's depth, so the
        services' counters say whether anything is still being handled). A fault test's
        outage must meet only its own messages: duplicates a broker restart redelivered,
        still queued, would otherwise be dead-lettered by the next test's outage."""
        deadline, last, since = time.monotonic() + timeout, None, time.monotonic()
        while time.monotonic() < deadline:
            now = (asyncio.run(self._ready_messages()), self._progress())
            if now[0] or now != last:
                last, since = now, time.monotonic()
            elif time.monotonic() - since >= quiet_for:
                return
            time.sleep(0.25)
        raise AssertionError(f"the platform did not settle in {timeout:.0f}s: {last}")

    def _progress(self) -> float:
        """The sum of every service's messages settled and outbox events published."""
        total = 0.0
        for url in self.live.service_urls.values():
            text = httpx.get(f"{url}/metrics", timeout=10).text
            total += sum(float(m.group(1)) for m in _PROGRESS.finditer(text))
        return total

    async def _ready_messages(self) -> int:
        """Messages waiting in every consumer's queue and retry queues (dead letters are
        parked on purpose and left out)."""
        depths = await self.queue_depths()
        return sum(ready for queue, (ready, _) in depths.items() if not queue.endswith(".dlq"))

    async def queue_depths(self) -> dict[str, tuple[int, int]]:
        """Every consumer's queue, retry queues and dead-letter queue: (ready, consumers);
        a queue that cannot be read is (-1, -1), so a diagnostic never hides a failure."""
        names, found = Names(NAMESPACE), {}
        connection = await aio_pika.connect(self.rabbit.url)
        async with connection:
            for service in SERVICES:
                delays = json.loads(RECOVERY_RETRIES_MS) if service == "recovery" else RETRY_DELAYS_MS
                for consumer in service_consumers(service):
                    for queue in (names.queue(consumer.name), names.dead_letter_queue(consumer.name),
                                  *(names.retry_queue(consumer.name, d) for d in delays)):
                        channel = await connection.channel()  # a failed passive declare closes it
                        try:
                            result = (await channel.declare_queue(queue, passive=True)).declaration_result
                            found[queue] = (result.message_count, result.consumer_count)
                        except aio_pika.exceptions.AMQPError:
                            found[queue] = (-1, -1)
        return found

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


_PROGRESS = re.compile(r"^(?:messages_consumed_total|outbox_published_total)\{?[^\n]*\}? ([0-9.e+]+)$", re.M)


def payment(account_ref: str, amount: str, tag: str) -> dict:
    return {"source_system": "faultpay", "transaction_id": f"{tag}-{uuid.uuid4().hex[:12]}",
            "payment_reference": account_ref, "amount": amount, "paid_on": "2026-04-20", "method": "card",
            "channel": "web"}


