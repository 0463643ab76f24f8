"""The case page (/accounts/{ref}/case): the stage and the action recommended, what holds the
case back (Breathing Space, vulnerability, benefit timing, an officer's pause with its reason
and end), the live arrangement and the diary; forms to record an action (call, visit, letter,
note), pause and unpause, register Breathing Space and vulnerability, and review a
vulnerability. Every form is shown to everyone signed in: recovery decides who may (its 403 is
the 403 page). Each form posts with a CSRF token and its key; success redirects back with a
banner, a refusal shows the page again with the error summary."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.backends import NotFound
from console.formatting import long_date, money
from console.forms import FormErrors, new_form_key
from console.screens.worktray.casework import (
    SENIOR_ROLES,
    banner,
    date_items,
    done_url,
    parse_date,
    reasons,
    recovery_of,
    required_text,
    roles_of,
    send_form,
    words,
)
from console.session import Session
from console.web import CheckedForm, SignedIn, render

router = APIRouter()

RECORDED = {"call": "Phone call", "visit": "Visit", "letter": "Letter sent", "note": "Note"}
LETTERS = ("arrears_reminder", "arrears_first_letter", "arrears_second_letter", "court_warning_letter",
           "pre_action_protocol_letter", "account_statement")
KINDS = {"standard": "Standard (60 days)", "mental_health_crisis": "Mental health crisis"}
# Each form's fields, in the order the error summary lists them; a date's link goes to its day.
FORMS = {"action": ["action", "letter_type", "notes"], "pause": ["pause_reason", "pause_until", "pause_note"],
         "breathing_space": ["bs_kind", "bs_reference", "bs_start"], "vulnerable": ["vulnerability_reason"],
         "review": ["review_note"], "unpause": []}
DATE_IDS = {"pause_until": "pause_until-day", "bs_start": "bs_start-day"}


def case_path(ref: str) -> str:
    return f"/accounts/{quote(ref, safe='')}/case"


def _active(space: dict[str, Any], today: date) -> bool:
    ends = space.get("ended_early_on") or space.get("ends_on")
    return date.fromisoformat(space["start_date"]) <= today and (ends is None or date.fromisoformat(ends) >= today)


def _holds(position: dict[str, Any], case: dict[str, Any] | None, spaces: list[dict[str, Any]],
           recommendation: dict[str, Any] | None) -> list[str]:
    today, holds = date.today(), []
    for space in spaces:
        if _active(space, today):
            ends = space.get("ended_early_on") or space.get("ends_on")
            holds.append(f"Breathing Space ({words(space['kind']).lower()}, {space['reference']})"
                         + (f" until {long_date(ends)}" if ends else ""))
    if position.get("vulnerable"):
        reviewed = position.get("vulnerability_reviewed_on")
        holds.append(f"Vulnerable: reviewed {long_date(reviewed)}" if reviewed
                     else "Vulnerable: waiting for a senior officer's review")
    if position.get("benefit_status") not in (None, "none"):
        holds.append(f"Benefit: {words(position['benefit_status']).lower()}")
    if case and case.get("paused_until"):
        text = f"Paused until {long_date(case['paused_until'])}: {words(case.get('pause_reason'))}"
        holds.append(text + (f" ({case['pause_note']})" if case.get("pause_note") else ""))
    if recommendation and recommendation.get("hold") and not holds:
        holds.append(f"Held: {words(recommendation['hold'])}")
    return holds


def _diary(actions: list[dict[str, Any]]) -> list[dict[str, str]]:
    rows = []
    for action in actions:
        details = action.get("details") or {}
        said = [details.get("notes") or "", action.get("outcome") or "",
                words(details.get("letter_type")) if details.get("letter_type") else ""]
        rows.append({"on": long_date(action["taken_on"]), "what": RECORDED.get(action["action"]) or words(
            action["action"]), "officer": action["officer"], "notes": " — ".join(s for s in said if s),
            "stage": words(action.get("stage"))})
    return rows


async def _optional(call) -> Any:
    try:
        return await call
    except NotFound:
        return None


async def case_page(request: Request, session: Session, ref: str, *, form: str = "", values: dict[str, str] | None
                    = None, errors: FormErrors | None = None) -> HTMLResponse:
    recovery, token, path = recovery_of(request), session.access_token, f"/accounts/{quote(ref, safe='')}"
    position = await recovery.get(path, token)  # unknown account: the 404 page; another patch: the 403 page
    case = await _optional(recovery.get(f"{path}/case", token))
    recommendations = await recovery.get(f"{path}/recommendations", token, params={"limit": 20})
    latest = max((r["run_date"] for r in recommendations), default=None)
    recommendation = next((r for r in recommendations if r["run_date"] == latest and r["status"] == "open"), None)
    spaces = await recovery.get(f"{path}/breathing-space", token)
    arrangements = await recovery.get(f"{path}/arrangements", token)
    live = next((a for a in reversed(arrangements) if a["status"] in ("active", "breached")), None)
    actions = await recovery.get(f"{path}/actions", token, params={"limit": 50})
    pause_reasons = await reasons(request, session, "pause_reasons")
    values, errors = values or {}, errors or FormErrors()
    shown = {name: (values.get(name, "") if name in FORMS.get(form, ()) else "") for fields in FORMS.values()
             for name in fields}
    keys = {name: new_form_key() for name in FORMS}
    context = {
        "nav_active": "worktray", "account_ref": ref, "position": position, "case": case,
        "balance": money(position["balance"]), "weeks": position.get("weeks_in_arrears"),
        "stage": words(case.get("stage")) if case and case.get("stage") else "Not started",
        "stage_on": long_date(case.get("stage_on")) if case else "",
        "recommendation": recommendation,
        "recommended": words(recommendation["action"]) + f" ({words(recommendation['stage']).lower()})"
        if recommendation else "None today",
        "holds": _holds(position, case, spaces, recommendation), "paused": bool(case and case.get("paused_until")),
        "paused_until": long_date(case.get("paused_until")) if case else "",
        "court_date": long_date(case.get("court_date")) if case else "",
        "eviction_date": long_date(case.get("eviction_date")) if case else "",
        "arrangement": live and {**live, "instalment_text": money(live["instalment"]),
                                 "frequency_text": words(live["frequency"]).lower(),
                                 "start_text": long_date(live["start_date"])},
        "diary": _diary(actions), "banner": banner(request), "form": form, "errors": errors,
        "error_list": errors.summary(FORMS.get(form, []), DATE_IDS), "values": shown, "keys": keys,
        "recorded_items": [{"value": code, "text": text, "checked": shown["action"] == code}
                           for code, text in RECORDED.items()],
        "letter_items": [{"value": "", "text": "Choose a letter"}] + [
            {"value": code, "text": words(code), "selected": shown["letter_type"] == code} for code in LETTERS],
        "pause_items": [{"value": r["code"], "text": r["label"], "checked": shown["pause_reason"] == r["code"]}
                        for r in pause_reasons],
        "pause_until_items": date_items(values if form == "pause" else {}, "pause_until", bool(errors["pause_until"])),
        "kind_items": [{"value": code, "text": text, "checked": shown["bs_kind"] == code}
                       for code, text in KINDS.items()],
        "bs_start_items": date_items(values if form == "breathing_space" else {}, "bs_start", bool(errors["bs_start"])),
        "is_senior": bool(roles_of(session) & SENIOR_ROLES),
    }
    return render(request, "screens/case/case.html", context, status_code=400 if errors else 200)


@router.get("/accounts/{account_ref}/case", response_class=HTMLResponse)
async def case(request: Request, account_ref: str, session: SignedIn) -> HTMLResponse:
    return await case_page(request, session, account_ref)


async def _answer(request: Request, session: Session, ref: str, form: str, values: dict[str, str],
                  errors: FormErrors, done: str) -> Response:
    if errors:
        return await case_page(request, session, ref, form=form, values=values, errors=errors)
    return RedirectResponse(done_url(case_path(ref), done, ref), status_code=303)


@router.post("/accounts/{account_ref}/case/actions", response_model=None)
async def record_action(request: Request, account_ref: str, session: SignedIn, values: CheckedForm) -> Response:
    action, letter, notes = values.get("action", ""), values.get("letter_type", ""), values.get("notes", "").strip()
    errors = FormErrors()
    if action not in RECORDED:
        errors.add("action", "Select what you did")
    if action == "letter" and letter not in LETTERS:
        errors.add("letter_type", "Choose the letter sent")
    if action == "note" and not notes:
        errors.add("notes", "Enter the note")
    if len(notes) > 2000:
        errors.add("notes", "Notes must be 2,000 characters or fewer")
    if not errors:
        body = {"action": action, "taken_on": date.today().isoformat(), **({"notes": notes} if notes else {}),
                **({"letter_type": letter} if action == "letter" else {})}
        _, errors = await send_form(request, session, f"/accounts/{quote(account_ref, safe='')}/actions", body,
                                    values, FORMS["action"])
    return await _answer(request, session, account_ref, "action", values, errors, "recorded")


@router.post("/accounts/{account_ref}/case/pause", response_model=None)
async def pause(request: Request, account_ref: str, session: SignedIn, values: CheckedForm) -> Response:
    options = await reasons(request, session, "pause_reasons")
    reason, note, until = values.get("pause_reason", ""), values.get("pause_note", "").strip(), parse_date(
        values, "pause_until")
    errors = FormErrors()
    chosen = next((o for o in options if o["code"] == reason), None)
    if chosen is None:
        errors.add("pause_reason", "Select why you are pausing the case")
    if until is None:
        errors.add("pause_until", "Enter the last day of the pause as a real date, for example 27 3 2026")
    elif until <= date.today():
        errors.add("pause_until", "The last day of the pause must be after today")
    if chosen and chosen.get("needs_note") and not note:
        errors.add("pause_note", "Enter a note saying why")
    if not errors:
        body = {"reason": reason, "until": until.isoformat(), **({"note": note} if note else {})}
        _, errors = await send_form(request, session, f"/accounts/{quote(account_ref, safe='')}/pause", body,
                                    values, FORMS["pause"],
                                    rename={"reason": "pause_reason", "until": "pause_until", "note": "pause_note"})
    return await _answer(request, session, account_ref, "pause", values, errors, "paused")


@router.post("/accounts/{account_ref}/case/unpause", response_model=None)
async def unpause(request: Request, account_ref: str, session: SignedIn, values: CheckedForm) -> Response:
    _, errors = await send_form(request, session, f"/accounts/{quote(account_ref, safe='')}/unpause", {}, values, [])
    return await _answer(request, session, account_ref, "unpause", values, errors, "unpaused")


@router.post("/accounts/{account_ref}/case/breathing-space", response_model=None)
async def breathing_space(request: Request, account_ref: str, session: SignedIn, values: CheckedForm) -> Response:
    kind, reference, start = values.get("bs_kind", ""), values.get("bs_reference", "").strip(), parse_date(
        values, "bs_start")
    errors = FormErrors()
    if kind not in KINDS:
        errors.add("bs_kind", "Select the kind of Breathing Space")
    if not reference:
        errors.add("bs_reference", "Enter the Insolvency Service's reference")
    if start is None:
        errors.add("bs_start", "Enter the start date as a real date, for example 27 3 2026")
    if not errors:
        body = {"kind": kind, "reference": reference, "start_date": start.isoformat()}
        _, errors = await send_form(request, session, f"/accounts/{quote(account_ref, safe='')}/breathing-space",
                                    body, values, FORMS["breathing_space"],
                                    rename={"kind": "bs_kind", "reference": "bs_reference", "start_date": "bs_start"})
    return await _answer(request, session, account_ref, "breathing_space", values, errors, "breathing_space")


@router.post("/accounts/{account_ref}/case/vulnerability", response_model=None)
async def vulnerability(request: Request, account_ref: str, session: SignedIn, values: CheckedForm) -> Response:
    reason, errors = required_text(values, "vulnerability_reason", "Enter what makes the tenant vulnerable")
    if not errors:
        _, errors = await send_form(request, session, f"/accounts/{quote(account_ref, safe='')}/flags",
                                    {"vulnerable": True, "reason": reason}, values, FORMS["vulnerable"],
                                    method="PATCH", rename={"reason": "vulnerability_reason"})
    return await _answer(request, session, account_ref, "vulnerable", values, errors, "vulnerable")


@router.post("/accounts/{account_ref}/case/vulnerability-review", response_model=None)
async def vulnerability_review(request: Request, account_ref: str, session: SignedIn,
                               values: CheckedForm) -> Response:
    note, errors = required_text(values, "review_note", "Enter what the review found")
    if not errors:
        _, errors = await send_form(request, session,
                                    f"/accounts/{quote(account_ref, safe='')}/vulnerability-review",
                                    {"note": note}, values, FORMS["review"], rename={"note": "review_note"})
    return await _answer(request, session, account_ref, "review", values, errors, "reviewed")
