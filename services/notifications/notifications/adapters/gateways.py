"""What a delivery gateway takes and answers: GOV.UK Notify in production, a local
sink in development. The notification id is the reference: a gateway that is asked
about it again can say whether it already has it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from notifications.domain.channels import Channel
from notifications.domain.configuration import NotifyTemplates


@dataclass(frozen=True)
class Outgoing:
    reference: str
    channel: Channel
    letter_type: str
    to: str | None
    subject: str
    body: str
    pdf: bytes
    postage: str = "second"

    @property
    def filename(self) -> str:
        return f"{self.letter_type}-{self.reference}.pdf"


@dataclass(frozen=True)
class Accepted:
    provider_ref: str
    delivered: bool = False  # the gateway knows it arrived (the local sink); Notify tells us later


class DeliveryGateway(Protocol):
    async def send(self, message: Outgoing, templates: NotifyTemplates) -> Accepted: ...

    async def find(self, reference: str) -> Accepted | None: ...
