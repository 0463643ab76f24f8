"""Billing's event feed as a test double: AccountOpened, TenancyStarted, postings with
per-account sequence and running balance, weekly debit batches and terminations,
built exactly as billing publishes them, for testing services that consume them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from shared.contracts.billing import (
    AccountOpenedV1,
    AccountPostedV1,
    ChargeLine,
    ChargesDebitedV1,
    Party,
    Posting,
    TenancyStartedV1,
    TenancyTerminatedV1,
)
from shared.contracts.envelope import Envelope, EventData
from shared.contracts.types import AccountType, ChargeType, PostingType, Tenure
from shared.messaging.publisher import ConfirmingPublisher
from shared.messaging.topology import Names
from shared.money import Money


@dataclass
class _Ledger:
    weekly: Money
    seq: int = 0
    balance: Money = field(default_factory=Money.zero)


class BillingFeed:
    def __init__(self) -> None:
        self.ledgers: dict[str, _Ledger] = {}

    def open_tenancy(self, account_ref: str, *, weekly: str, start: date, patch: str = "HK01",
                     tenants: list[str] | None = None, address: list[str] | None = None,
                     account_type: AccountType = AccountType.RENT) -> list[EventData]:
        weekly_money = Money(weekly)
        self.ledgers[account_ref] = _Ledger(weekly_money)
        names = tenants or ["Alex Example"]
        tenancy_ref = f"T-{account_ref}"
        opened = AccountOpenedV1(account_ref=account_ref, account_type=account_type, opened_on=start,
                                 tenancy_ref=tenancy_ref, property_ref=f"P-{account_ref}", patch=patch,
                                 person_ids=[f"PER-{account_ref}-{i}" for i in range(len(names))])
        if account_type not in (AccountType.RENT, AccountType.TEMPORARY_ACCOMMODATION):
            return [opened]
        started = TenancyStartedV1(
            tenancy_ref=tenancy_ref, account_ref=account_ref, property_ref=f"P-{account_ref}", patch=patch,
            tenure=Tenure.SECURE, start_date=start,
            tenants=[Party(person_id=f"PER-{account_ref}-{i}", name=n, is_lead=i == 0) for i, n in enumerate(names)],
            address=address or ["1 Acacia Avenue", "Hackney", "London", "E8 1AB"],
            charges=[ChargeLine(charge_type=ChargeType.RENT, weekly_amount=weekly_money, benefit_eligible=True)],
            weekly_total=weekly_money,
        )
        return [opened, started]

    def posting(self, account_ref: str, posting_type: PostingType, amount: str | Money, on: date,
                **extra: Any) -> Posting:
        ledger = self.ledgers.setdefault(account_ref, _Ledger(Money.zero()))
        ledger.seq += 1
        ledger.balance = ledger.balance + Money(amount)
        return Posting(posting_id=uuid.uuid4(), account_ref=account_ref, account_seq=ledger.seq,
                       posting_type=posting_type, amount=Money(amount), balance_after=ledger.balance,
                       effective_date=on, source=extra.pop("source", f"test:{uuid.uuid4()}"),
                       posted_by=extra.pop("posted_by", "system"), **extra)

    def post(self, account_ref: str, posting_type: PostingType, amount: str | Money, on: date) -> AccountPostedV1:
        return AccountPostedV1(**self.posting(account_ref, posting_type, amount, on).model_dump())

    def pay(self, account_ref: str, amount: str, on: date, kind: PostingType = PostingType.PAYMENT) -> AccountPostedV1:
        return self.post(account_ref, kind, -Money(amount), on)

    def debit_week(self, week_starts: date, account_refs: list[str] | None = None) -> ChargesDebitedV1:
        refs = account_refs or sorted(self.ledgers)
        return ChargesDebitedV1(
            run_id=uuid.uuid4(), batch=1, rent_year=week_starts.year, rent_week=1, week_starts=week_starts,
            postings=[self.posting(ref, PostingType.CHARGE, self.ledgers[ref].weekly, week_starts,
                                   charge_type=ChargeType.RENT) for ref in refs],
        )

    def terminate(self, account_ref: str, end: date, reason: str = "notice given",
                  forwarding_address: list[str] | None = None) -> TenancyTerminatedV1:
        return TenancyTerminatedV1(tenancy_ref=f"T-{account_ref}", account_ref=account_ref, end_date=end,
                                   reason=reason, final_balance=self.ledgers[account_ref].balance,
                                   forwarding_address=forwarding_address or [])

    def balance(self, account_ref: str) -> Money:
        return self.ledgers[account_ref].balance


def weeks(first_monday: date, count: int) -> list[date]:
    return [first_monday + timedelta(weeks=i) for i in range(count)]


async def publish(amqp_url: str, names: Names, *events: EventData) -> list[Envelope[Any]]:
    """Publish events to the topic exchange as billing's outbox relay would (persistent,
    message_id = event id, the posting's sequence on AccountPosted)."""
    publisher = ConfirmingPublisher(amqp_url, names, name="test-billing-feed")
    sent = []
    try:
        for event in events:
            envelope = Envelope.wrap(event, sequence=getattr(event, "account_seq", None))
            await publisher.publish(exchange=names.events_exchange, routing_key=envelope.routing_key,
                                    body=envelope.model_dump_json().encode(), message_id=str(envelope.event_id))
            sent.append(envelope)
    finally:
        await publisher.close()
    return sent
