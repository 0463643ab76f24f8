"""Billing's and payments' events, published to the test's broker namespace as those
services would, so refunds' consumers build their projections the real way."""

from __future__ import annotations

import uuid
from datetime import date

from sqlalchemy import text

from shared.contracts.billing import AccountPostedV1, Party, TenancyStartedV1, TenancyTerminatedV1
from shared.contracts.envelope import Envelope, EventData
from shared.contracts.payments import PaymentReceivedV1, PaymentReversedV1
from shared.contracts.types import PostingType
from shared.messaging.publisher import ConfirmingPublisher
from shared.money import Money
from shared.refs import make_account_ref
from shared.testing.helpers import eventually


class Feed:
    def __init__(self, app) -> None:
        self.runtime = app.state.runtime
        self.publisher = ConfirmingPublisher(self.runtime.settings.amqp_url, self.runtime.names, name="test-feed")
        self.seq: dict[str, int] = {}
        self.balance: dict[str, Money] = {}
        self.expected = {"payment_seen": 0, "account_person": 0, "payment_seen WHERE reversed": 0}

    async def close(self) -> None:
        await self.publisher.close()

    async def send(self, data: EventData, sequence: int | None = None) -> None:
        envelope = Envelope.wrap(data, sequence=sequence)
        await self.publisher.publish(exchange=self.runtime.names.events_exchange, routing_key=envelope.routing_key,
                                     body=envelope.model_dump_json().encode(), message_id=str(envelope.event_id))

    async def tenancy(self, number: int, person: str, weekly: str = "100.00") -> str:
        ref = make_account_ref(number)
        await self.send(TenancyStartedV1(
            tenancy_ref=f"T-{number}", account_ref=ref, property_ref=f"P-{number}", patch="HK01", tenure="secure",
            start_date=date(2026, 4, 6), tenants=[Party(person_id=person, name="Alex Example", is_lead=True)],
            address=["1 Acacia Avenue"], weekly_total=Money(weekly)))
        self.expected["account_person"] += 1
        return ref

    async def terminate(self, ref: str, person: str) -> None:
        await self.send(TenancyTerminatedV1(tenancy_ref=f"T-{ref}", account_ref=ref, end_date=date(2026, 3, 1),
                                            reason="moved", final_balance=self.balance.get(ref, Money.zero()),
                                            person_ids=[person]))

    async def post(self, ref: str, amount: str, posting_type: PostingType = PostingType.PAYMENT,
                   source: str = "test") -> None:
        self.seq[ref] = self.seq.get(ref, 0) + 1
        self.balance[ref] = self.balance.get(ref, Money.zero()) + Money(amount)
        await self.send(AccountPostedV1(
            posting_id=uuid.uuid4(), account_ref=ref, account_seq=self.seq[ref], posting_type=posting_type,
            amount=Money(amount), balance_after=self.balance[ref], effective_date=date(2026, 11, 2),
            source=source, posted_by="system"), sequence=self.seq[ref])

    async def pay(self, ref: str, amount: str, method: str = "cash", received_on: date = date(2026, 9, 1)
                  ) -> uuid.UUID:
        payment_id = uuid.uuid4()
        await self.send(PaymentReceivedV1(
            payment_id=payment_id, account_ref=ref, amount=Money(amount), method=method, channel="test",
            received_on=received_on, external_id=payment_id.hex, source=f"message:{payment_id}"))
        self.expected["payment_seen"] += 1
        await self.post(ref, f"-{amount}", PostingType.PAYMENT)
        return payment_id

    async def reverse(self, ref: str, payment_id: uuid.UUID, amount: str, method: str) -> None:
        await self.send(PaymentReversedV1(
            reversal_id=uuid.uuid4(), payment_id=payment_id, account_ref=ref, amount=Money(amount), method=method,
            reason_code="0", reason="refer to payer", reversed_on=date(2026, 11, 20), source="file:arudd:1"))
        self.expected["payment_seen WHERE reversed"] += 1
        await self.post(ref, amount, PostingType.DD_UNPAID)

    async def settled(self) -> None:
        """Wait until refunds' projection holds every posting and payment sent."""
        async def caught_up() -> bool:
            async with self.runtime.session_factory() as session:
                held = dict((await session.execute(text("SELECT account_ref, last_seq FROM credit_position"))).all())
                counts = {table: (await session.execute(text(f"SELECT count(*) FROM {table}"))).scalar_one()
                          for table in self.expected}
            return all(held.get(ref) == seq for ref, seq in self.seq.items()) and counts == self.expected

        await eventually(caught_up, timeout=40, message="refunds' projection did not catch up")
