from __future__ import annotations

import uuid
from datetime import date, datetime

from pydantic import BaseModel

from shared.contracts.types import ChargeType
from shared.money import Money


class RentRollLine(BaseModel):
    account_ref: str
    account_type: str
    tenancy_ref: str | None
    property_ref: str | None
    patch: str | None
    charges: dict[ChargeType, Money]
    weekly_total: Money
    balance: Money


class DebitSummaryLine(BaseModel):
    charge_type: str
    postings: int
    accounts: int
    debits: Money
    reductions: Money
    net: Money


class InvoiceRunLine(BaseModel):
    run_ref: str
    invoice_type: str
    scheme_ref: str | None
    invoices: int
    charged: Money
    credited: Money
    net: Money
    first_due: date
    last_due: date
    raised_at: datetime
    raised_by: str


class WaterScheduleLine(BaseModel):
    reconciliation_id: uuid.UUID
    period_from: date
    period_to: date
    payment_due: date
    water_debited: Money
    water_collected: Money
    void_allowance: Money
    commission: Money
    accounts: int
    payable: Money
