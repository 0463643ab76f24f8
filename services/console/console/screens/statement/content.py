"""A statement as the console shows and downloads it: billing's opening balance, its lines
(each with the balance after it, counted from the opening balance in the statement's order)
and its closing balance; as CSV and as PDF (rendered here from the same figures with
WeasyPrint, as notifications renders letters)."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from jinja2 import Environment

from console.formatting import amount, label, long_date, money, short_date

POSTING_NAMES = {
    "charge": "Charge", "payment": "Payment", "hb_credit": "Housing Benefit", "uc_credit": "Universal Credit",
    "dd_collection": "Direct Debit", "payment_reversal": "Payment reversed", "dd_unpaid": "Direct Debit unpaid",
    "hb_overpayment": "Housing Benefit overpayment", "adjustment": "Adjustment", "transfer": "Transfer",
    "write_off": "Write-off", "refund": "Refund", "migrated_balance": "Balance brought forward",
}
# billing returns at most this many postings for one statement (no offset to page on)
BILLING_LIMIT = 500


@dataclass
class Line:
    effective_date: date
    description: str
    debit: Decimal | None
    credit: Decimal | None
    balance: Decimal
    posting_type: str
    account_seq: int | None


@dataclass
class Statement:
    account_ref: str
    date_from: date
    date_to: date
    opening: Decimal
    debits: Decimal
    credits: Decimal
    closing: Decimal
    lines: list[Line]
    complete: bool  # every posting of the period is in ``lines``


def description(posting: dict[str, Any]) -> str:
    kind = POSTING_NAMES.get(posting.get("posting_type") or "", label(posting.get("posting_type")))
    parts = [kind]
    if posting.get("charge_type") and posting.get("posting_type") in ("charge", "adjustment"):
        parts[0] = f"{kind}: {label(posting['charge_type']).lower()}"
    if posting.get("rent_week") and posting.get("rent_year"):
        parts.append(f"week {posting['rent_week']} of {posting['rent_year']}")
    if posting.get("channel"):
        parts.append(label(posting["channel"]).lower())
    if posting.get("reason") and posting.get("posting_type") not in ("charge",):
        parts.append(str(posting["reason"]))
    return ", ".join(parts)


def read_statement(answer: dict[str, Any], total: int | None = None) -> Statement:
    """The statement from billing's answer; ``total``: how many postings the period holds (if
    more than the answer's, the statement is not complete)."""
    opening = Decimal(str(answer["opening_balance"]))
    running = opening
    lines = []
    postings = answer.get("postings") or []
    for posting in postings:
        value = Decimal(str(posting["amount"]))
        running += value
        lines.append(Line(date.fromisoformat(str(posting["effective_date"])[:10]), description(posting),
                          value if value > 0 else None, -value if value < 0 else None, running,
                          str(posting.get("posting_type")), posting.get("account_seq")))
    debits, credits = Decimal(str(answer["debits"])), Decimal(str(answer["credits"]))
    closing = Decimal(str(answer["closing_balance"]))
    return Statement(answer["account_ref"], date.fromisoformat(str(answer["date_from"])),
                     date.fromisoformat(str(answer["date_to"])), opening, debits, credits, closing, lines,
                     complete=len(postings) >= total if total is not None else len(postings) < BILLING_LIMIT)


def page_of(lines: list[Line], page: int, size: int) -> tuple[list[Line], int]:
    """One page of lines and the number of pages (at least one)."""
    pages = max(1, -(-len(lines) // size))
    page = min(max(page, 1), pages)
    return lines[(page - 1) * size: page * size], pages


def filename(statement: Statement, extension: str) -> str:
    return f"statement-{statement.account_ref}-{statement.date_from}-to-{statement.date_to}.{extension}"


def as_csv(statement: Statement) -> str:
    """Date, description, debit, credit, balance (plain numbers, a negative balance in credit);
    the opening balance first and the closing balance last."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["date", "description", "debit", "credit", "balance"])
    writer.writerow([statement.date_from.isoformat(), "Opening balance", "", "", f"{statement.opening:.2f}"])
    for line in statement.lines:
        writer.writerow([line.effective_date.isoformat(), _safe_cell(line.description),
                         f"{line.debit:.2f}" if line.debit is not None else "",
                         f"{line.credit:.2f}" if line.credit is not None else "", f"{line.balance:.2f}"])
    writer.writerow([statement.date_to.isoformat(), "Closing balance", f"{statement.debits:.2f}",
                     f"{statement.credits:.2f}", f"{statement.closing:.2f}"])
    return out.getvalue()


def _safe_cell(text: str) -> str:
    """A cell a spreadsheet will not read as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


PDF_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Rent statement {{ s.account_ref }}</title>
<style>
@page { size: A4; margin: 18mm 15mm 20mm;
        @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; color: #505a5f; } }
body { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 9pt; color: #0b0c0c; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
.org { font-size: 10pt; font-weight: bold; margin-bottom: 6mm; }
dl { display: grid; grid-template-columns: 40mm auto; margin: 0 0 6mm; }
dt { font-weight: bold; } dd { margin: 0 0 1mm; }
table { width: 100%; border-collapse: collapse; }
th, td { text-align: left; padding: 1.5mm 1mm; border-bottom: 0.3pt solid #b1b4b6; vertical-align: top; }
th { border-bottom: 0.8pt solid #0b0c0c; }
.num { text-align: right; white-space: nowrap; }
tr.total td { font-weight: bold; border-top: 0.8pt solid #0b0c0c; border-bottom: 0; }
.note { margin-top: 4mm; color: #505a5f; }
</style></head><body>
<div class="org">{{ organisation }}</div>
<h1>Rent statement</h1>
<dl>
<dt>Account</dt><dd>{{ s.account_ref }}</dd>
{% if tenant %}<dt>Tenant</dt><dd>{{ tenant }}</dd>{% endif %}
{% if address %}<dt>Address</dt><dd>{{ address }}</dd>{% endif %}
<dt>Period</dt><dd>{{ long_date(s.date_from) }} to {{ long_date(s.date_to) }}</dd>
<dt>Opening balance</dt><dd>{{ money(s.opening) }}</dd>
<dt>Closing balance</dt><dd>{{ money(s.closing) }}</dd>
</dl>
<table>
<thead><tr><th>Date</th><th>Description</th><th class="num">Debit</th><th class="num">Credit</th>
<th class="num">Balance</th></tr></thead>
<tbody>
<tr><td>{{ short_date(s.date_from) }}</td><td>Opening balance</td><td></td><td></td>
<td class="num">{{ money(s.opening) }}</td></tr>
{% for line in s.lines %}
<tr><td>{{ short_date(line.effective_date) }}</td><td>{{ line.description }}</td>
<td class="num">{{ amount(line.debit) }}</td><td class="num">{{ amount(line.credit) }}</td>
<td class="num">{{ money(line.balance) }}</td></tr>
{% endfor %}
<tr class="total"><td>{{ short_date(s.date_to) }}</td><td>Total and closing balance</td>
<td class="num">{{ amount(s.debits) }}</td><td class="num">{{ amount(s.credits) }}</td>
<td class="num">{{ money(s.closing) }}</td></tr>
</tbody></table>
{% if not s.complete %}<p class="note">This period has more transactions than one statement shows: the totals and
closing balance cover them all; choose a shorter period to see every line.</p>{% endif %}
<p class="note">Debits are charges to the account; credits are payments and benefit received. A balance
"in credit" is owed to the tenant. Produced {{ long_date(today) }}.</p>
</body></html>"""


def as_pdf(statement: Statement, *, organisation: str, tenant: str | None, address: str | None,
           today: date) -> bytes:
    from weasyprint import HTML  # heavy: only when a PDF is asked for

    html = Environment(autoescape=True).from_string(PDF_TEMPLATE).render(
        s=statement, organisation=organisation, tenant=tenant, address=address, today=today,
        money=money, amount=amount, long_date=long_date, short_date=short_date)
    return HTML(string=html).write_pdf()
