"""The search API's models."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from shared.money import Money


class SearchHit(BaseModel):
    account_ref: str
    account_type: str
    tenancy_ref: str | None
    property_ref: str | None
    lead_tenant: str | None = Field(description="The current lead tenant (or the tenancy's last one, if ended)")
    address: list[str]
    postcode: str | None
    balance: Money
    status: Literal["open", "closed"]
    patch: str | None
    matched_on: Literal["account_ref", "tenancy_ref", "legacy_ref", "postcode", "name", "address"]
    score: float = Field(description="1 for an exact reference or postcode; else how closely it matched (0..1)")


class SearchPage(BaseModel):
    q: str
    limit: int
    offset: int
    more: bool = Field(description="Whether another page follows")
    items: list[SearchHit]
