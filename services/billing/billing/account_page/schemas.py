"""The account page's models: what the console shows of one account in one answer."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from billing.tenancies.schemas import AccountPublic, ChargePublic, PropertyPublic
from shared.money import Money


class TenantPublic(BaseModel):
    person_id: str
    name: str
    is_lead: bool
    joined_on: date | None
    left_on: date | None = Field(description="Set once the tenant's part in the tenancy ended")


class TenancyPublic(BaseModel):
    tenancy_ref: str
    tenure: str
    start_date: date
    end_date: date | None
    end_reason: str | None
    tenants: list[TenantPublic]


class AccountOverview(BaseModel):
    account: AccountPublic
    as_at: date
    balance: Money = Field(description="The balance now: every posting on the account")
    tenancy: TenancyPublic | None
    property: PropertyPublic | None
    weekly_charge: Money = Field(description="The charges in force on as_at, a week")
    charges_in_force: list[ChargePublic]
    charge_history: list[ChargePublic] = Field(description="Every charge the account has had, newest first")
