from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from billing.errors import BillingError
from shared.contracts.types import Tenure


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
    tenure: Tenure
    start_date: date
    tenants: list[Tenant]
    end_date: date | None = None

    def __post_init__(self) -> None:
        if not self.tenants:
            raise BillingError("a tenancy needs at least one tenant")
        if sum(t.is_lead for t in self.tenants) != 1:
            raise BillingError("exactly one tenant must be the lead tenant")
