"""An account's summary, from billing's API with the user's token: reference, status, balance,
patch and the property's address. (Tenants, charges and the statement come with the account
page slice of issue 17: billing has no read API for a tenancy's tenants yet.)"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from console.backends import Billing, NotFound
from console.web import SignedIn, render

router = APIRouter()


def money(amount: str | Decimal) -> str:
    """£1,234.56 for a debit balance (owed); £12.00 in credit for a negative one."""
    value = Decimal(str(amount))
    text = f"£{abs(value):,.2f}"
    return f"{text} in credit" if value < 0 else text


def long_date(value: str | None) -> str:
    """6 April 2026, as GOV.UK writes dates."""
    if not value:
        return ""
    day = date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


@router.get("/accounts/{account_ref}", response_class=HTMLResponse)
async def account(request: Request, account_ref: str, session: SignedIn) -> HTMLResponse:
    billing: Billing = request.app.state.billing
    found = await billing.account(account_ref, session.access_token)
    address = None
    if found.get("property_ref"):
        try:
            address = await billing.property(found["property_ref"], session.access_token)
        except NotFound:
            address = None
    return render(request, "screens/account/account.html",
                  {"account": found, "property": address, "balance": money(found["balance"]),
                   "opened_on": long_date(found.get("opened_on"))})
