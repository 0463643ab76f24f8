"""What the worktray, case and arrangement screens share: recovery's codes as words, dates and
money as GOV.UK writes them, the banner a redirect comes back with (post/redirect/get: a fixed
message chosen by a code in the address, never text from the address), the reasons settings,
and a POST that answers a service's problems by field."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from console.backends import Invalid, Recovery
from console.forms import FormErrors, form_key_of
from console.session import Session

# Roles recovery lets run the daily run (RUNNERS), and work cases (OFFICERS): only to decide
# whether to show a button. Recovery still decides every request.
RUNNER_ROLES = frozenset({"senior_officer", "income_officer"})
SENIOR_ROLES = frozenset({"senior_officer"})

WORDS = {
    "not_started": "Not started", "officer_pause": "Paused by an officer", "breathing_space": "Breathing Space",
    "benefit_timing": "Waiting for benefit", "benefit_claim_pending": "Benefit claim pending",
    "vulnerability_senior_review": "Vulnerability: senior review", "four_weekly": "Every four weeks",
    "mental_health_crisis": "Mental health crisis", "court_referral": "Court referral",
    "notice_served": "Notice served", "arrangement_made": "Arrangement made",
}

BANNERS = {
    "accepted": "Recommendation accepted for account {ref}",
    "skipped": "Recommendation skipped for account {ref}",
    "refreshed": "Today's recommendations are up to date",
    "recorded": "Action recorded for account {ref}",
    "paused": "Case paused for account {ref}",
    "unpaused": "Pause ended for account {ref}",
    "breathing_space": "Breathing Space recorded for account {ref}",
    "vulnerable": "Vulnerability recorded for account {ref}",
    "reviewed": "Vulnerability review recorded for account {ref}",
    "arrangement_made": "Arrangement saved for account {ref}",
    "arrangement_cancelled": "Arrangement cancelled for account {ref}",
}


def words(code: str | None) -> str:
    """A recovery code as words: first_letter → First letter."""
    if not code:
        return ""
    return WORDS.get(code) or code.replace("_", " ").capitalize()


def banner(request: Request) -> str | None:
    """The success banner's text for ?done=<code>&ref=<account>, or None."""
    template = BANNERS.get(request.query_params.get("done", ""))
    ref = request.query_params.get("ref", "")
    if template is None or (ref and not ref.isalnum()):
        return None
    return template.format(ref=ref)


def done_url(path: str, code: str, ref: str = "", **params: str) -> str:
    return path + "?" + urlencode({**{k: v for k, v in params.items() if v}, "done": code,
                                   **({"ref": ref} if ref else {})})


def roles_of(session: Session) -> set[str]:
    return set(session.roles)


def recovery_of(request: Request) -> Recovery:
    return request.app.state.recovery


async def reasons(request: Request, session: Session, key: str) -> list[dict[str, Any]]:
    """A reasons setting's options (code, label, needs_note), as recovery holds them."""
    found = await recovery_of(request).get(f"/settings/{key}", session.access_token)
    return list((found.get("value") or {}).get("reasons") or [])


def parse_money(text: str | None) -> Decimal | None:
    """An amount typed as 1,234.56, £1234 or 12.5; None when it is not one (or has more than pence)."""
    cleaned = (text or "").strip().replace(",", "").removeprefix("£").strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    if not value.is_finite() or value.as_tuple().exponent < -2:
        return None
    return value.quantize(Decimal("0.01"))


def parse_date(values: dict[str, str], name: str) -> date | None:
    """A GOV.UK date input's three fields (name-day, name-month, name-year) as a date, or None."""
    try:
        return date(int(values.get(f"{name}-year", "")), int(values.get(f"{name}-month", "")),
                    int(values.get(f"{name}-day", "")))
    except ValueError:
        return None


def required_text(values: dict[str, str], name: str, message: str) -> tuple[str, FormErrors]:
    """A text field that must be filled in: (its text, no errors) or ("", its error)."""
    text = values.get(name, "").strip()
    errors = FormErrors()
    if not text:
        errors.add(name, message)
    return text, errors


def date_items(values: dict[str, str], name: str, error: bool) -> list[dict[str, Any]]:
    """The date input's items with what was typed, all marked when the date is in error."""
    return [{"name": part, "label": part.capitalize(), "value": values.get(f"{name}-{part}", ""),
             "classes": f"govuk-input--width-{4 if part == 'year' else 2}" + (" govuk-input--error" if error else "")}
            for part in ("day", "month", "year")]


async def send_form(request: Request, session: Session, path: str, body: Any, values: dict[str, str],
                    known: list[str], *, method: str = "POST", rename: dict[str, str] | None = None
                    ) -> tuple[Any, FormErrors]:
    """Send a form's request to recovery with the rendered form's key as its Idempotency-Key:
    (answer, no errors), or (None, the problems by field) when recovery refused it (422, 409).
    ``rename`` maps recovery's field names to the form's (one page may hold several forms)."""
    recovery, key = recovery_of(request), form_key_of(values)
    try:
        if method == "POST":
            answer = await recovery.post(path, session.access_token, body, idempotency_key=key)
        else:
            answer = await recovery.patch(path, session.access_token, body)
    except Invalid as exc:
        fields = {(rename or {}).get(name, name): message for name, message in exc.fields.items()}
        return None, FormErrors.from_service(fields, known)
    return answer, FormErrors()
