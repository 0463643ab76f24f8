"""The caseload worktray, one patch at a time: tabs (recommended today ranked by risk, paused
with the reason, arrangements, court and eviction dates, the whole patch) as links, a GET
filter by stage and action, pages; accept a recommendation or skip it with a reason, refresh
(the daily run for today). Each change is a POST form (CSRF token, form key as the
Idempotency-Key) answered by a redirect back with a banner."""

from __future__ import annotations

from datetime import date
from math import ceil
from typing import Any
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.formatting import long_date, money
from console.forms import FormErrors, new_form_key
from console.screens.worktray.casework import (
    RUNNER_ROLES,
    banner,
    done_url,
    reasons,
    recovery_of,
    roles_of,
    send_form,
    words,
)
from console.session import Session
from console.web import CheckedForm, SignedIn, render

router = APIRouter()

TABS = {"recommended": "Recommended today", "paused": "Paused", "arrangements": "Arrangements",
        "court": "Court and eviction dates", "all": "Whole patch"}
PAGE_SIZE = 25
ACTIONS = ("letter", "call", "visit", "notice", "court_referral", "warrant", "eviction", "money_claim",
           "tribunal_application")


def _patch_ok(patch: str) -> bool:
    return 0 < len(patch) <= 20 and patch.replace("-", "").isalnum()


def worktray_path(patch: str) -> str:
    return f"/worktray/{quote(patch, safe='')}"


@router.get("/worktray", response_class=HTMLResponse, response_model=None)
async def my_patches(request: Request, session: SignedIn, patch: str = "") -> Response:
    """The user's patches; one chosen by the form (a user with every patch types one)."""
    chosen = patch.strip().upper()
    if chosen and _patch_ok(chosen):
        return RedirectResponse(worktray_path(chosen), status_code=303)
    if len(session.patches) == 1 and not patch:
        return RedirectResponse(worktray_path(session.patches[0]), status_code=303)
    error = "Enter a patch, for example HA01" if patch else None
    return render(request, "screens/worktray/patches.html",
                  {"nav_active": "worktray", "patches": session.patches, "patch_error": error, "patch": patch},
                  status_code=400 if error else 200)


def _tab_of(value: str | None) -> str:
    return value if value in TABS else "recommended"


def _page_of(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 400))
    except ValueError:
        return 1


def _href(patch: str, **params: Any) -> str:
    query = urlencode({k: v for k, v in params.items() if v not in (None, "", 1) or k == "tab"})
    return worktray_path(patch) + (f"?{query}" if query else "")


def _status(tab: str, row: dict[str, Any]) -> str:
    """The tab's own column: what holds the case, the arrangement, the dates, or the stage."""
    if tab == "paused":
        held = words(row.get("hold"))
        if row.get("pause_reason"):
            held += f": {words(row['pause_reason'])}"
        if row.get("paused_until"):
            held += f" until {long_date(row['paused_until'])}"
        return held
    if tab == "arrangements":
        return (f"{words(row.get('arrangement_status'))}, {money(row.get('arrangement_instalment'))} "
                f"{words(row.get('arrangement_frequency')).lower()}")
    if tab == "court":
        dates = [f"Court {long_date(row['court_date'])}" if row.get("court_date") else "",
                 f"Eviction {long_date(row['eviction_date'])}" if row.get("eviction_date") else ""]
        return ", ".join(d for d in dates if d)
    return words(row.get("stage"))


def _row(tab: str, row: dict[str, Any]) -> dict[str, Any]:
    paid = ""
    if row.get("last_payment_on"):
        paid = long_date(row["last_payment_on"])
        if row.get("last_payment_amount"):
            paid += f" ({money(row['last_payment_amount'])})"
    weeks = row.get("weeks_in_arrears")
    return {**row, "balance_text": money(row["balance"]), "weeks_text": "" if weeks is None else str(weeks),
            "paid_text": paid or "None", "action_text": words(row.get("recommended_action")),
            "recommended_stage_text": words(row.get("recommended_stage")), "status_text": _status(tab, row),
            "accept_key": new_form_key(), "can_decide": bool(row.get("recommendation_id")) and not row.get("hold")}


async def _stages(request: Request, session: Session) -> list[tuple[str, str]]:
    policies = await recovery_of(request).get("/policies", session.access_token)
    seen: dict[str, str] = {"not_started": "Not started"}
    for policy in policies:
        for stage in (policy.get("policy") or {}).get("stages") or ():
            seen.setdefault(stage["code"], stage.get("title") or words(stage["code"]))
    return sorted(seen.items(), key=lambda item: item[1])


async def worktray_page(request: Request, session: Session, patch: str, *, errors: FormErrors | None = None,
                        status_code: int = 200) -> HTMLResponse:
    query = request.query_params if request.method == "GET" else {}
    tab, page = _tab_of(query.get("tab")), _page_of(query.get("page"))
    stage, action = query.get("stage", "").strip(), query.get("action", "").strip()
    recovery = recovery_of(request)
    found = await recovery.get(f"/caseloads/{quote(patch, safe='')}/worktray", session.access_token, params={
        "tab": tab, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE,
        **({"stage": stage} if stage else {}), **({"action": action} if action else {})})
    stages = await _stages(request, session)
    pages = max(1, ceil(found["total"] / PAGE_SIZE))
    filters = {"stage": stage, "action": action}
    pagination = {}
    if page > 1:
        pagination["previous"] = {"href": _href(patch, tab=tab, page=page - 1, **filters)}
    if page < pages:
        pagination["next"] = {"href": _href(patch, tab=tab, page=page + 1, **filters)}
    if pages > 1:
        pagination["items"] = [{"number": n, "href": _href(patch, tab=tab, page=n, **filters), "current": n == page}
                               for n in range(1, pages + 1) if n in (1, pages) or abs(n - page) <= 2]
    context = {
        "nav_active": "worktray", "patch": patch, "tab": tab, "tab_title": TABS[tab],
        "tabs": [{"code": code, "title": title, "href": _href(patch, tab=code, **filters), "current": code == tab}
                 for code, title in TABS.items()],
        "rows": [_row(tab, r) for r in found["items"]], "total": found["total"], "page": page, "pages": pages,
        "first_shown": (page - 1) * PAGE_SIZE + 1 if found["items"] else 0,
        "last_shown": (page - 1) * PAGE_SIZE + len(found["items"]), "pagination": pagination,
        "stage": stage, "action": action, "on": long_date(found["on"]),
        "stage_items": [{"value": "", "text": "Any stage"}] + [
            {"value": code, "text": title, "selected": code == stage} for code, title in stages],
        "action_items": [{"value": "", "text": "Any action"}] + [
            {"value": code, "text": words(code), "selected": code == action} for code in ACTIONS],
        "filtered": bool(stage or action), "clear_href": _href(patch, tab=tab),
        "can_refresh": bool(roles_of(session) & RUNNER_ROLES), "refresh_key": new_form_key(),
        "banner": banner(request), "errors": errors or FormErrors(),
    }
    return render(request, "screens/worktray/worktray.html", context, status_code=status_code)


@router.get("/worktray/{patch}", response_class=HTMLResponse)
async def patch_worktray(request: Request, patch: str, session: SignedIn) -> HTMLResponse:
    return await worktray_page(request, session, patch)


def _back(patch: str, values: dict[str, str]) -> str:
    return _href(patch, tab=_tab_of(values.get("tab")))


@router.post("/worktray/{patch}/recommendations/{recommendation_id}/accept", response_model=None)
async def accept(request: Request, patch: str, recommendation_id: str, session: SignedIn,
                 values: CheckedForm) -> Response:
    ref = values.get("account_ref", "")
    _, errors = await send_form(request, session, f"/recommendations/{quote(recommendation_id, safe='')}/accept",
                                {}, values, [])
    if errors:
        return await worktray_page(request, session, patch, errors=errors, status_code=409)
    return RedirectResponse(done_url(worktray_path(patch), "accepted", ref, tab=_tab_of(values.get("tab"))),
                            status_code=303)


def _skip_context(patch: str, recommendation_id: str, ref: str, options: list[dict[str, Any]],
                  values: dict[str, str], errors: FormErrors) -> dict[str, Any]:
    return {"nav_active": "worktray", "patch": patch, "recommendation_id": recommendation_id, "account_ref": ref,
            "back_href": _back(patch, values), "tab": _tab_of(values.get("tab")), "options": options,
            "reason": values.get("reason", ""), "note": values.get("note", ""), "errors": errors,
            "error_list": errors.summary(["reason", "note"]), "form_key": new_form_key()}


@router.get("/worktray/{patch}/recommendations/{recommendation_id}/skip", response_class=HTMLResponse)
async def skip_form(request: Request, patch: str, recommendation_id: str, session: SignedIn,
                    account_ref: str = "", tab: str = "recommended") -> HTMLResponse:
    options = await reasons(request, session, "skip_reasons")
    return render(request, "screens/worktray/skip.html",
                  _skip_context(patch, recommendation_id, account_ref, options, {"tab": tab}, FormErrors()))


@router.post("/worktray/{patch}/recommendations/{recommendation_id}/skip", response_model=None)
async def skip(request: Request, patch: str, recommendation_id: str, session: SignedIn,
               values: CheckedForm) -> Response:
    options = await reasons(request, session, "skip_reasons")
    ref, reason, note = values.get("account_ref", ""), values.get("reason", ""), values.get("note", "").strip()
    errors = FormErrors()
    chosen = next((o for o in options if o["code"] == reason), None)
    if chosen is None:
        errors.add("reason", "Select why you are skipping this recommendation")
    elif chosen.get("needs_note") and not note:
        errors.add("note", "Enter a note saying why")
    if not errors:
        body = {"reason": reason, **({"note": note} if note else {})}
        _, errors = await send_form(request, session, f"/recommendations/{quote(recommendation_id, safe='')}/skip",
                                    body, values, ["reason", "note"])
    if errors:
        return render(request, "screens/worktray/skip.html",
                      _skip_context(patch, recommendation_id, ref, options, values, errors), status_code=400)
    return RedirectResponse(done_url(worktray_path(patch), "skipped", ref, tab=_tab_of(values.get("tab"))),
                            status_code=303)


@router.post("/worktray/{patch}/refresh", response_model=None)
async def refresh(request: Request, patch: str, session: SignedIn, values: CheckedForm) -> Response:
    """Today's daily run (recovery answers the run already done for today, or refuses the role)."""
    _, errors = await send_form(request, session, "/daily-runs", {"run_date": date.today().isoformat()}, values, [])
    if errors:
        return await worktray_page(request, session, patch, errors=errors, status_code=409)
    return RedirectResponse(done_url(worktray_path(patch), "refreshed", tab="recommended"), status_code=303)
