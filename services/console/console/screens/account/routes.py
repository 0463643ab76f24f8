"""The account page: billing's account (without it, no page: its 404, 403 and 503 are the
error pages), then every section from the service that holds it, asked at once, each failing
on its own — tenancy and charges and the statement (billing), the Direct Debit mandate and its
next collections (payments), the arrears case, its holds, the arrangement and the diary
(recovery), letters, emails and texts (notifications), and the audit trail (billing's and
recovery's, merged newest first; hidden when the user's role may not read it)."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from console.backends import Billing, NotFound
from console.formatting import long_date, money
from console.screens.account.sections import (
    Section,
    audit_items,
    changes,
    current_arrangement,
    current_mandate,
    gather,
    holds,
    merged_audit,
    next_collections,
    section,
    weekly_total,
)
from console.screens.statement.content import page_of
from console.screens.statement.period import default_period
from console.screens.statement.routes import statement_answer, statement_links
from console.web import SignedIn, render

router = APIRouter()

RECENT_LINES = 10


def today() -> date:
    return date.today()


async def _mandate_and_collections(request: Request, ref: str, token: str) -> dict[str, Any]:
    payments = request.app.state.payments
    mandates = await payments.get(f"/direct-debits/accounts/{quote(ref, safe='')}/mandates", token)
    mandate = current_mandate(mandates or [])
    collections: list[dict[str, Any]] = []
    if mandate and mandate.get("status") not in ("cancelled",):
        collections = await payments.get(f"/direct-debits/mandates/{mandate['mandate_id']}/collections", token,
                                         {"limit": 100})
    return {"mandate": mandate, "collections": next_collections(collections or [], today()),
            "others": [m for m in mandates or [] if m is not mandate]}


@router.get("/accounts/{account_ref}", response_class=HTMLResponse)
async def account(request: Request, account_ref: str, session: SignedIn) -> HTMLResponse:
    state = request.app.state
    billing: Billing = state.billing
    token = session.access_token
    found = await billing.account(account_ref, token)
    ref = found["account_ref"]
    quoted = quote(ref, safe="")
    period = default_period(today())
    calls = {
        # tenancy and tenants, home, charges in force and their history
        "overview": ("billing", billing.get(f"/accounts/{quoted}/overview", token)),
        "statement": ("billing", statement_answer(billing, ref, period, token)),
        "billing_audit": ("billing", billing.get(f"/accounts/{quoted}/audit", token, {"limit": 50})),
        "direct_debit": ("payments", _mandate_and_collections(request, ref, token)),
        "case": ("recovery", state.recovery.get(f"/accounts/{quoted}/case", token)),
        "position": ("recovery", state.recovery.get(f"/accounts/{quoted}", token)),
        "arrangements": ("recovery", state.recovery.get(f"/accounts/{quoted}/arrangements", token)),
        "breathing_space": ("recovery", state.recovery.get(f"/accounts/{quoted}/breathing-space", token)),
        "recommendations": ("recovery", state.recovery.get(f"/accounts/{quoted}/recommendations", token,
                                                           {"limit": 5})),
        "actions": ("recovery", state.recovery.get(f"/accounts/{quoted}/actions", token)),
        "recovery_audit": ("recovery", state.recovery.get(f"/accounts/{quoted}/audit", token, {"limit": 50})),
        "notifications": ("notifications", state.notifications.get("/notifications", token,
                                                                   {"account_ref": ref, "limit": 50})),
    }
    s = await gather(**calls)
    if s["overview"].missing and found.get("property_ref"):  # a billing without the overview: the home at least
        s["property"] = await section("billing", billing.property(found["property_ref"], token))
    return render(request, "screens/account/account.html", {"nav_active": "search", **view(found, s, period)})


def view(found: dict[str, Any], s: dict[str, Section], period: Any) -> dict[str, Any]:
    """What the template shows, from the account and its sections."""
    now = today()
    overview = s["overview"].data if s["overview"].ok else {}
    if "property" in s and s["property"].ok:
        overview = {**overview, "property": s["property"].data}
    tenancy = overview.get("tenancy")
    tenants = (tenancy or {}).get("tenants") or []
    lead = next((t for t in tenants if t.get("is_lead") and not t.get("left_on")), None) or \
        next((t for t in tenants if not t.get("left_on")), None) or (tenants[0] if tenants else None)
    in_force = sorted(overview.get("charges_in_force") or [], key=lambda c: str(c.get("charge_type")))
    history = overview.get("charge_history") or []
    balance = overview.get("balance", found["balance"])
    statement = s["statement"].data if s["statement"].ok else None
    recent = list(reversed(statement.lines))[:RECENT_LINES] if statement else []
    case = s["case"].data if s["case"].ok else None
    recommendation = (s["recommendations"].data or [None])[0] if s["recommendations"].ok else None
    arrangements = s["arrangements"].data or [] if s["arrangements"].ok else []
    recovery_sections = ("case", "position", "arrangements", "breathing_space", "recommendations", "actions")
    recovery_down = next((s[n].unavailable for n in recovery_sections if s[n].unavailable), None)
    # The audit trail: hidden when neither service lets this user read it.
    audit_hidden = (s["billing_audit"].forbidden and s["recovery_audit"].forbidden) or (
        s["recovery_audit"].forbidden and not s["billing_audit"].ok)
    audit = merged_audit(audit_items(s["billing_audit"].data) if s["billing_audit"].ok else [],
                         audit_items(s["recovery_audit"].data) if s["recovery_audit"].ok else [])
    actions = sorted(s["actions"].data or [], key=lambda a: str(a.get("taken_on")), reverse=True) \
        if s["actions"].ok else []
    return {
        "account": found, "sections": s, "property": overview.get("property"),
        "lead_tenant": (lead or {}).get("name"), "tenancy": tenancy,
        "balance": money(balance), "balance_amount": balance,
        "opened_on": long_date(found.get("opened_on")),
        "charges_in_force": in_force, "charges_history": history,
        "weekly_total": overview.get("weekly_charge") or weekly_total(in_force),
        "statement": statement, "recent_lines": recent, "period": period,
        "statement_links": statement_links(found["account_ref"], period),
        "direct_debit": s["direct_debit"].data if s["direct_debit"].ok else None,
        "case": case, "position": s["position"].data if s["position"].ok else None,
        "recommendation": recommendation,
        "holds": holds(case, s["position"].data if s["position"].ok else None,
                       s["breathing_space"].data if s["breathing_space"].ok else None, recommendation, now),
        "arrangement": current_arrangement(arrangements), "arrangements": arrangements,
        "recovery_down": recovery_down, "actions": actions,
        "notifications": s["notifications"].data if s["notifications"].ok else [],
        "audit": audit, "audit_hidden": audit_hidden,
        "audit_partial": [name for name in ("billing_audit", "recovery_audit") if s[name].unavailable],
        "billing_audit_missing": s["billing_audit"].missing, "changes": changes, "page_of": page_of,
    }


@router.get("/accounts/{account_ref}/letters/{notification_id}")
async def letter(request: Request, account_ref: str, notification_id: str, session: SignedIn) -> Response:
    """The letter as notifications rendered it (a PDF), if it belongs to this account."""
    notifications = request.app.state.notifications
    sent = await notifications.get(f"/notifications/{quote(notification_id, safe='')}", session.access_token)
    if sent.get("account_ref") != account_ref:
        raise NotFound("notifications", 404, "not this account's letter")
    answer = await notifications.get_bytes(f"/notifications/{quote(notification_id, safe='')}/pdf",
                                           session.access_token, accept="application/pdf")
    return Response(answer.content, media_type="application/pdf",
                    headers={"Content-Disposition": f'inline; filename="letter-{account_ref}-{notification_id}.pdf"'})

