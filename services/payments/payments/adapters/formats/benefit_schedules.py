"""Housing Benefit credit schedules and Universal Credit managed payment (APA) schedules.

HB (the council's benefits system), one schedule per payment run:

    HEADER,<schedule ref>,<payment date>
    DETAIL,<claim ref>,<account ref>,<period from>,<period to>,<amount>
    DEDUCTION,<claim ref>,<account ref>,<period from>,<period to>,<amount>,<blameless Y|N>
    TRAILER,<DETAIL + DEDUCTION count>,<credit total>,<deduction total>

A DEDUCTION recovers an HB overpayment from this schedule: it is posted as a debit to the
account that was overpaid; with blameless = Y the other tenants on the schedule are still
credited in full (their DETAIL lines are unaffected).

UC APA (DWP managed payments to landlord):

    HEADER,<schedule ref>,<payment date>
    DETAIL,<NINO or UC claim ref>,<account ref>,<period from>,<period to>,<amount>
    TRAILER,<detail count>,<total>
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from payments.adapters.formats.text_lines import ControlTotals, check_count, csv_rows, require_fields
from payments.domain.income import (
    FileStructureError,
    Kind,
    LineInvalid,
    Record,
    Rejected,
    parse_amount,
    parse_date,
    parse_period,
)
from shared.contracts.types import PaymentMethod

NINO_SHAPE = re.compile(r"^[A-Z]{2}\d{6}[A-Z]$")
NINO = re.compile(r"^[A-Z]{2}\d{6}[A-D]$")  # DWP's own test NINOs (QQ...) are accepted too
CLAIM_REF = re.compile(r"^[A-Z0-9\-/]{2,20}$")


def _header(rows: Iterator[tuple[int, list[str]]]) -> tuple[str, object]:
    first = next(rows, None)
    if first is None:
        raise FileStructureError("file is empty")
    line_no, fields = first
    if len(fields) != 3 or fields[0].strip().upper() != "HEADER":
        raise FileStructureError("first record must be HEADER,<schedule ref>,<payment date>", line_no)
    try:
        paid_on = parse_date(fields[2], "payment date")
    except LineInvalid as exc:
        raise FileStructureError(str(exc), line_no) from None
    schedule_ref = fields[1].strip()
    if not schedule_ref:
        raise FileStructureError("schedule reference is empty", line_no)
    return schedule_ref, paid_on


def parse_hb(path: Path, source_system: str) -> Iterator[Record | Rejected]:
    rows = csv_rows(path)
    schedule_ref, paid_on = _header(rows)
    credits, deductions = ControlTotals(), ControlTotals()
    for line_no, fields in rows:
        kind = fields[0].strip().upper()
        if kind == "TRAILER":
            if len(fields) != 4:
                raise FileStructureError("trailer must be TRAILER,<count>,<credit total>,<deduction total>", line_no)
            check_count(line_no, fields[1], credits.count + deductions.count)
            credits.check_total(line_no, fields[2], "credit total")
            deductions.check_total(line_no, fields[3], "deduction total")
            return
        if kind == "DETAIL":
            credits.add(fields[5] if len(fields) > 5 else "")
            yield _benefit_line(line_no, fields, 6, schedule_ref, paid_on, PaymentMethod.HOUSING_BENEFIT)
        elif kind == "DEDUCTION":
            deductions.add(fields[5] if len(fields) > 5 else "")
            yield _deduction(line_no, fields, schedule_ref, paid_on)
        else:
            credits.count += 1
            yield Rejected(line_no, f"unknown record type {kind[:20]!r} (DETAIL, DEDUCTION or TRAILER)")
    raise FileStructureError("no TRAILER record: the file is incomplete")


def parse_uc(path: Path, source_system: str) -> Iterator[Record | Rejected]:
    rows = csv_rows(path)
    schedule_ref, paid_on = _header(rows)
    totals = ControlTotals()
    for line_no, fields in rows:
        kind = fields[0].strip().upper()
        if kind == "TRAILER":
            if len(fields) != 3:
                raise FileStructureError("trailer must be TRAILER,<count>,<total>", line_no)
            totals.check(line_no, fields[1], fields[2])
            return
        if kind != "DETAIL":
            totals.count += 1
            yield Rejected(line_no, f"unknown record type {kind[:20]!r} (DETAIL or TRAILER)")
            continue
        totals.add(fields[5] if len(fields) > 5 else "")
        yield _benefit_line(line_no, fields, 6, schedule_ref, paid_on, PaymentMethod.UNIVERSAL_CREDIT)
    raise FileStructureError("no TRAILER record: the file is incomplete")


def _claimant_key(claimant: str, method: PaymentMethod) -> str:
    claimant = claimant.strip().upper().replace(" ", "")
    if method is PaymentMethod.UNIVERSAL_CREDIT and NINO_SHAPE.match(claimant):
        if not NINO.match(claimant):
            raise LineInvalid("NINO is not valid (suffix must be A-D)")
        # A NINO is personal data: keep only a digest of it in the payment's source key.
        return "nino-" + hashlib.sha256(claimant.encode()).hexdigest()[:16]
    if not CLAIM_REF.match(claimant):
        what = "NINO or claim reference" if method is PaymentMethod.UNIVERSAL_CREDIT else "claim reference"
        raise LineInvalid(f"{what} is not valid")
    return claimant


def _benefit_line(line_no, fields, count, schedule_ref, paid_on, method) -> Record | Rejected:
    reference = fields[2].strip()[:35] if len(fields) > 2 else None
    try:
        require_fields(fields, count)
        claimant = _claimant_key(fields[1], method)
        if not reference:
            raise LineInvalid("account reference is empty")
        period_from, period_to = parse_period(fields[3], fields[4])
        amount = parse_amount(fields[5])
    except LineInvalid as exc:
        return Rejected(line_no, str(exc), reference)
    return Record(
        line_no, Kind.PAYMENT, reference, amount, paid_on,
        external_id=f"{schedule_ref}:{claimant}:{period_from}:{period_to}",
        method=method, channel=f"{method.value} schedule {schedule_ref}"[:40],
        period_from=period_from, period_to=period_to,
    )


def _deduction(line_no, fields, schedule_ref, paid_on) -> Record | Rejected:
    reference = fields[2].strip()[:35] if len(fields) > 2 else None
    try:
        require_fields(fields, 7)
        claimant = _claimant_key(fields[1], PaymentMethod.HOUSING_BENEFIT)
        period_from, period_to = parse_period(fields[3], fields[4])
        amount = parse_amount(fields[5])
        blameless = fields[6].strip().upper()
        if blameless not in ("Y", "N"):
            raise LineInvalid("blameless flag must be Y or N")
    except LineInvalid as exc:
        return Rejected(line_no, str(exc), reference)
    return Record(
        line_no, Kind.DEDUCTION, reference or "", amount, paid_on,
        external_id=f"{schedule_ref}:{claimant}:{period_from}:{period_to}:overpayment",
        method=PaymentMethod.HOUSING_BENEFIT, channel=f"HB schedule {schedule_ref}"[:40],
        period_from=period_from, period_to=period_to, reason_code="HB-OVERPAYMENT",
        detail={"blameless": "yes" if blameless == "Y" else "no", "claim_ref": claimant},
    )
