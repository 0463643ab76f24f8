"""What the estate is made of. Plain data: no HTTP, no broker."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Property:
    property_ref: str
    address: list[str]
    postcode: str
    patch: str
    area: str
    property_type: str
    bedrooms: int

    def body(self) -> dict:
        return {"property_ref": self.property_ref, "address": self.address, "postcode": self.postcode,
                "patch": self.patch, "area": self.area, "property_type": self.property_type,
                "bedrooms": self.bedrooms}


@dataclass(frozen=True)
class Tenant:
    person_id: str
    name: str
    is_lead: bool
    email: str | None = None
    mobile: str | None = None


@dataclass
class Tenancy:
    tenancy_ref: str
    property_ref: str
    tenure: str
    start_date: date
    tenants: list[Tenant]
    charges: dict[str, Decimal]
    # How the rent is paid: dd, cash, card, standing_order, hb_full, hb_partial, uc.
    payer: str
    # How reliably: steady, late, short (builds arrears), over (builds credit), chaotic.
    behaviour: str
    account_ref: str | None = None  # given by billing when the tenancy is loaded

    @property
    def weekly_charge(self) -> Decimal:
        return sum(self.charges.values(), Decimal("0"))

    def body(self) -> dict:
        return {
            "tenancy_ref": self.tenancy_ref, "property_ref": self.property_ref, "tenure": self.tenure,
            "start_date": self.start_date.isoformat(),
            "tenants": [{k: v for k, v in vars(t).items() if v is not None} for t in self.tenants],
            "charges": [{"charge_type": k, "weekly_amount": f"{v:.2f}"} for k, v in self.charges.items()],
        }

    def leasehold_body(self) -> dict:
        """A leaseholder's service charge account (billing's POST /accounts)."""
        return {
            "account_type": "leasehold", "opened_on": self.start_date.isoformat(), "property_ref": self.property_ref,
            "person_ids": [t.person_id for t in self.tenants],
            "charges": [{"charge_type": k, "weekly_amount": f"{v:.2f}"} for k, v in self.charges.items()],
            "reason": "leaseholder (Right to Buy lease)",
        }


@dataclass(frozen=True)
class Payment:
    tenancy_ref: str
    source_system: str
    transaction_id: str
    amount: Decimal
    paid_on: date
    method: str
    channel: str
    mistyped: bool = False  # the payer got the reference wrong (lands in suspense)

    def message(self, account_ref: str) -> dict:
        """The upstream payment message (shared.contracts.inbound.InboundPaymentV1)."""
        return {"source_system": self.source_system, "transaction_id": self.transaction_id,
                "payment_reference": mistype(account_ref) if self.mistyped else account_ref,
                "amount": f"{self.amount:.2f}", "paid_on": self.paid_on.isoformat(), "method": self.method,
                "channel": self.channel}


def mistype(reference: str) -> str:
    """A keying error in the last digit: the check digit always catches it."""
    return reference[:-1] + str((int(reference[-1]) + 1) % 10)


@dataclass
class Estate:
    seed: int
    prefix: str
    year_start: date
    weeks: int
    properties: list[Property] = field(default_factory=list)
    tenancies: list[Tenancy] = field(default_factory=list)
    patches: dict[str, str] = field(default_factory=dict)  # patch -> area

    @property
    def as_of(self) -> date:
        from datetime import timedelta
        return self.year_start + timedelta(weeks=self.weeks)
