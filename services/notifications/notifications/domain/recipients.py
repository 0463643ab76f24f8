"""Who a letter is addressed to, from the contacts projected from billing's tenancies."""

from __future__ import annotations

from dataclasses import dataclass, field

from notifications.domain.catalogue import LetterType
from notifications.domain.exceptions import NotReady


@dataclass(frozen=True)
class Contact:
    person_id: str
    name: str
    is_lead: bool
    address: list[str]
    email: str | None = None
    mobile: str | None = None
    forwarding_address: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Recipient:
    names: list[str]
    address: list[str]
    lead: Contact

    @property
    def addressee(self) -> str:
        return " and ".join(self.names)

    @property
    def salutation(self) -> str:
        return f"Dear {self.addressee}"


def address_letter(
    account_ref: str, contacts: list[Contact], letter: LetterType, person_ids: list[str] | None = None
) -> Recipient:
    """Joint tenants get one letter naming them all; a request may name only some."""
    chosen = [c for c in contacts if not person_ids or c.person_id in person_ids]
    if not chosen:
        raise NotReady(f"no contact details held for account {account_ref}")
    chosen.sort(key=lambda c: (not c.is_lead, c.name))
    lead = chosen[0]
    address = lead.address
    if letter.to_forwarding_address and lead.forwarding_address:
        address = lead.forwarding_address
    if not address:
        raise NotReady(f"no postal address held for account {account_ref}")
    return Recipient(names=[c.name for c in chosen], address=list(address), lead=lead)
