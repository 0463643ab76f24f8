"""Arrangements from the case: the Standard Financial Statement income and expenditure form
(weekly or monthly amounts), the offer (frequency, weekly to monthly, instalment, start date);
"Check affordability" shows recovery's preview before anything is saved, and the result page
saves the same values (hidden fields) under the form's key. An unaffordable offer is the error
summary on the instalment. History on /accounts/{ref}/arrangements; cancel with a reason."""

from __future__ import annotations

import re
import uuid
from typing import Any
from urllib.parse import quote

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from console.formatting import long_date, money
from console.forms import FormErrors, new_form_key
from console.screens.worktray.casework import (
    banner,
    date_items,
    done_url,
    parse_date,
    parse_money,
    recovery_of,
    required_text,
    send_form,
    words,
)
from console.session import Session
from console.web import CheckedForm, SignedIn, render

router = APIRouter()

INCOME = {"earnings": ("Earnings", "Take-home pay after tax and National Insurance"),
          "benefits_and_tax_credits": ("Benefits and tax credits", "Universal Credit, Child Benefit, PIP and others"),
          "pensions": ("Pensions", "State and private pensions"),
          "other_income": ("Other income", "Maintenance, lodgers, help from family")}
# The SFS's spending groups: fixed costs, flexible costs, then savings and debts.
SPENDING = {
    "Fixed costs": {
        "home_and_contents": ("Home and contents", "Rent and service charges, Council Tax, contents insurance"),
        "utilities": ("Utilities", "Gas, electricity, water"),
        "care_and_health": ("Care and health", "Childcare, prescriptions, adult care"),
        "transport_and_travel": ("Transport and travel", "Fares, car costs"),
        "school_costs": ("School costs", "Uniforms, trips, meals"),
        "pensions_and_insurances": ("Pensions and insurances", "Pension contributions, life insurance"),
        "professional_costs": ("Professional costs", "Professional fees and memberships"),
        "other_essential_costs": ("Other essential costs", None)},
    "Flexible costs": {
        "communications_and_leisure": ("Communications and leisure", "Phone, internet, TV licence, hobbies"),
        "food_and_housekeeping": ("Food and housekeeping", "Groceries, nappies, toiletries, laundry"),
        "personal_costs": ("Personal costs", "Clothing, haircuts, gifts")},
    "Savings and other debts": {
        "savings_contributions": ("Savings", None),
        "priority_debts": ("Priority debts", "Energy or Council Tax arrears, fines, child maintenance"),
        "other_debts": ("Other debts", "Credit cards, loans, catalogues")},
}
SPEND_CODES = [code for group in SPENDING.values() for code in group]
FREQUENCIES = {"weekly": "Weekly", "fortnightly": "Fortnightly", "four_weekly": "Every four weeks",
               "monthly": "Monthly (calendar months from the start date)"}
BASES = {"weekly": "Weekly amounts", "monthly": "Monthly amounts (for example a Universal Credit budget)"}
ORDER = (["assessment_basis"] + [f"income_{c}" for c in INCOME] + [f"spend_{c}" for c in SPEND_CODES]
         + ["frequency", "instalment", "start_date", ""])
RENAME = {**{c: f"income_{c}" for c in INCOME}, **{c: f"spend_{c}" for c in SPEND_CODES}, "income": "income_earnings",
          "expenditure": f"spend_{SPEND_CODES[0]}"}
IDS = {"assessment_basis": "assessment_basis", "frequency": "frequency", "start_date": "start_date-day"}
CARRIED = (["assessment_basis", "frequency", "instalment", "start_date-day", "start_date-month", "start_date-year"]
           + [f"income_{c}" for c in INCOME] + [f"spend_{c}" for c in SPEND_CODES])


def account_path(ref: str) -> str:
    return f"/accounts/{quote(ref, safe='')}"


def _offer(values: dict[str, str]) -> tuple[dict[str, Any] | None, FormErrors]:
    """The request recovery takes, or the problems with what was typed."""
    errors = FormErrors()
    basis, frequency = values.get("assessment_basis", ""), values.get("frequency", "")
    if basis not in BASES:
        errors.add("assessment_basis", "Select whether the amounts are weekly or monthly")
    income, spending = {}, {}
    for prefix, codes, into in (("income", INCOME, income), ("spend", SPEND_CODES, spending)):
        for code in codes:
            typed = values.get(f"{prefix}_{code}", "").strip()
            if not typed:
                continue
            amount = parse_money(typed)
            if amount is None or amount < 0:
                errors.add(f"{prefix}_{code}", "Enter an amount in pounds and pence, for example 125.50")
            elif amount > 0:
                into[code] = str(amount)
    if not income and not errors:
        errors.add("income_earnings", "Enter the household's income")
    if frequency not in FREQUENCIES:
        errors.add("frequency", "Select how often the tenant will pay")
    instalment = parse_money(values.get("instalment"))
    if instalment is None or instalment <= 0:
        errors.add("instalment", "Enter the amount towards the arrears each time, for example 25.00")
    start = parse_date(values, "start_date")
    if start is None:
        errors.add("start_date", "Enter the first payment date as a real date, for example 27 3 2026")
    if errors:
        return None, errors
    return {"frequency": frequency, "instalment": str(instalment), "start_date": start.isoformat(),
            "assessment_basis": basis, "income": income, "expenditure": spending}, errors


def _form(request: Request, ref: str, values: dict[str, str], errors: FormErrors, status_code: int = 200
          ) -> HTMLResponse:
    def field(prefix: str, code: str, label: str, hint: str | None) -> dict[str, Any]:
        name = f"{prefix}_{code}"
        return {"id": name, "name": name, "label": label, "hint": hint, "value": values.get(name, ""),
                "error": errors[name]}

    context = {
        "nav_active": "worktray", "account_ref": ref, "values": values, "errors": errors,
        "error_list": errors.summary(ORDER, IDS),
        "basis_items": [{"value": c, "text": t, "checked": values.get("assessment_basis", "weekly") == c}
                        for c, t in BASES.items()],
        "income_fields": [field("income", c, *text) for c, text in INCOME.items()],
        "spending_groups": [{"title": title, "fields": [field("spend", c, *text) for c, text in group.items()]}
                            for title, group in SPENDING.items()],
        "frequency_items": [{"value": c, "text": t, "checked": values.get("frequency") == c}
                            for c, t in FREQUENCIES.items()],
        "start_items": date_items(values, "start_date", bool(errors["start_date"])),
    }
    return render(request, "screens/arrangements/new.html", context, status_code=status_code)


@router.get("/accounts/{account_ref}/arrangements/new", response_class=HTMLResponse)
async def new_arrangement(request: Request, account_ref: str, session: SignedIn) -> HTMLResponse:
    await recovery_of(request).get(account_path(account_ref), session.access_token)  # 404 or 403 page
    return _form(request, account_ref, {}, FormErrors())


@router.post("/accounts/{account_ref}/arrangements/edit", response_class=HTMLResponse)
async def change_arrangement(request: Request, account_ref: str, session: SignedIn,
                             values: CheckedForm) -> HTMLResponse:
    """The form again with what the result page carried ("Change")."""
    return _form(request, account_ref, values, FormErrors())


@router.post("/accounts/{account_ref}/arrangements/check", response_class=HTMLResponse)
async def check_affordability(request: Request, account_ref: str, session: SignedIn,
                              values: CheckedForm) -> HTMLResponse:
    body, errors = _offer(values)
    if body is None:
        return _form(request, account_ref, values, errors, 400)
    preview, errors = await send_form(request, session, f"{account_path(account_ref)}/arrangements/preview", body,
                                      {}, ORDER, rename=RENAME)
    if errors:
        return _form(request, account_ref, values, errors, 400)
    if not preview["affordable"]:
        errors.add("instalment", _sentence(preview["refusal"] or "This offer is not affordable"))
        return _form(request, account_ref, values, errors, 400)
    return _result(request, account_ref, values, preview)


def _sentence(text: str) -> str:
    """Recovery's refusal as a sentence, its amounts as £1,234.56."""
    text = re.sub(r"£(\d+(?:\.\d\d)?)", lambda amount: money(amount.group(1)), text)
    return text[:1].upper() + text[1:]


def _result(request: Request, ref: str, values: dict[str, str], preview: dict[str, Any]) -> HTMLResponse:
    per = {"weekly": "a week", "fortnightly": "a fortnight", "four_weekly": "every four weeks", "monthly": "a month"}
    schedule = preview.get("schedule") or []
    context = {
        "nav_active": "worktray", "account_ref": ref, "form_key": new_form_key(),
        "carried": [(name, values.get(name, "")) for name in CARRIED],
        "arrears": money(preview["arrears"]), "weekly_charge": money(preview["weekly_charge"]),
        "monthly_charge": money(preview["monthly_charge"]),
        "basis": "monthly" if preview.get("basis") == "monthly" else "weekly",
        "total_income": money(preview.get("total_income")),
        "total_expenditure": money(preview.get("total_expenditure")),
        "disposable_weekly": money(preview.get("disposable_weekly")),
        "disposable_monthly": money(preview.get("disposable_monthly")),
        "offer": f"{money(preview['instalment'])} {per[preview['frequency']]}",
        "instalment_weekly": money(preview["instalment_weekly"]),
        "instalment_monthly": money(preview["instalment_monthly"]),
        "periods": len(schedule),
        "schedule": [{"no": p["period_no"], "start": long_date(p["period_start"]), "end": long_date(p["period_end"]),
                      "charge": money(p.get("charge")), "towards": money(p["towards"]),
                      "expected": money(p.get("expected")), "left": money(p["arrears_after"])}
                     for p in schedule[:6]],
        "clears_on": long_date(schedule[-1]["period_end"]) if schedule else "",
    }
    return render(request, "screens/arrangements/check.html", context)


@router.post("/accounts/{account_ref}/arrangements", response_model=None)
async def save_arrangement(request: Request, account_ref: str, session: SignedIn, values: CheckedForm) -> Response:
    body, errors = _offer(values)
    if body is None:
        return _form(request, account_ref, values, errors, 400)
    _, errors = await send_form(request, session, f"{account_path(account_ref)}/arrangements", body, values, ORDER,
                                rename=RENAME)
    if errors:
        return _form(request, account_ref, values, errors, 400)
    return RedirectResponse(done_url(f"{account_path(account_ref)}/arrangements", "arrangement_made", account_ref),
                            status_code=303)


def _shown(arrangement: dict[str, Any]) -> dict[str, Any]:
    return {
        **arrangement, "status_text": words(arrangement["status"]), "frequency_text": words(arrangement["frequency"]),
        "instalment_text": money(arrangement["instalment"]), "start_text": long_date(arrangement["start_date"]),
        "arrears_text": money(arrangement["arrears_at_start"]), "live": arrangement["status"] in (
            "active", "breached"),
        "period_rows": [{"no": p["period_no"],
                         "dates": f"{long_date(p['period_start'])} to {long_date(p['period_end'])}",
                         "expected": money(p["expected"]), "paid": money(p["paid"]),
                         "kept": "Kept" if p["kept"] else ("Missed" if p["kept"] is False else "Not assessed")}
                        for p in arrangement.get("periods") or ()],
        "history_rows": [{"status": words(h["status"]), "on": long_date(h["changed_on"]), "by": h["changed_by"],
                          "reason": h.get("reason") or ""} for h in arrangement.get("history") or ()],
    }


@router.get("/accounts/{account_ref}/arrangements", response_class=HTMLResponse)
async def arrangement_history(request: Request, account_ref: str, session: SignedIn) -> HTMLResponse:
    found = await recovery_of(request).get(f"{account_path(account_ref)}/arrangements", session.access_token)
    return render(request, "screens/arrangements/history.html", {
        "nav_active": "worktray", "account_ref": account_ref, "banner": banner(request),
        "arrangements": [_shown(a) for a in reversed(found)]})


def _arrangement_id(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return "00000000-0000-0000-0000-000000000000"  # recovery answers 404: the 404 page


async def _cancel_page(request: Request, session: Session, arrangement_id: str, values: dict[str, str],
                       errors: FormErrors) -> HTMLResponse:
    found = await recovery_of(request).get(f"/arrangements/{_arrangement_id(arrangement_id)}", session.access_token)
    return render(request, "screens/arrangements/cancel.html", {
        "nav_active": "worktray", "arrangement": _shown(found), "account_ref": found["account_ref"],
        "reason": values.get("reason", ""), "errors": errors, "error_list": errors.summary(["reason"]),
        "form_key": new_form_key()}, status_code=400 if errors else 200)


@router.get("/arrangements/{arrangement_id}/cancel", response_class=HTMLResponse)
async def cancel_form(request: Request, arrangement_id: str, session: SignedIn) -> HTMLResponse:
    return await _cancel_page(request, session, arrangement_id, {}, FormErrors())


@router.post("/arrangements/{arrangement_id}/cancel", response_model=None)
async def cancel(request: Request, arrangement_id: str, session: SignedIn, values: CheckedForm) -> Response:
    reason, errors = required_text(values, "reason", "Enter why the arrangement is cancelled")
    if not errors:
        answer, errors = await send_form(request, session, f"/arrangements/{_arrangement_id(arrangement_id)}/cancel",
                                         {"reason": reason}, values, ["reason"])
    if errors:
        return await _cancel_page(request, session, arrangement_id, values, errors)
    ref = answer["account_ref"]
    return RedirectResponse(done_url(f"{account_path(ref)}/arrangements", "arrangement_cancelled", ref),
                            status_code=303)

