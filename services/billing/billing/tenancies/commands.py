"""What callers ask billing to do."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from billing.tenancies.rules import Tenant
from shared.contracts.types import ChargeType, Tenure
from shared.money import Money


@dataclass(frozen=True)
class CreateProperty:
    property_ref: str
    address: list[str]
    postcode: str
    patch: str
    area: str
    property_type: str
    bedrooms: int
    actor: str


@dataclass(frozen=True)
class StartTenancy:
    tenancy_ref: str
    property_ref: str
    tenure: Tenure
    start_date: date
    tenants: list[Tenant]
    charges: dict[ChargeType, Money]
    actor: str
