"""Bacs Direct Debit reports, in the Bacs XML report layout (BACSDocument).

- ARUDD (Automated Return of Unpaid Direct Debits): ReturnedDebitItem per unpaid
  collection with its return code; per originating account a Totals element that is checked.
- ADDACS (Automated Direct Debit Amendment and Cancellation Service): MessagingAdvice per
  mandate cancelled or amended by the payer's bank, with its reason code.
- AUDDIS report: MessagingAdvice per lodged instruction the paying bank rejected.

Parsed with lxml as a stream, as UTF-8, entities not resolved and no network access (xml_stream).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from payments.adapters.formats import xml_stream
from payments.domain.income import FileStructureError, Kind, Record, Rejected, numeric_value
from shared.contracts.types import PaymentMethod
from shared.money import Money


def _events(path: Path) -> Iterator[etree._Element]:
    root_checked = False
    for _, element in xml_stream.iterparse(path, ("end",)):
        if not root_checked:
            root = element.getroottree().getroot()
            if etree.QName(root).localname != "BACSDocument":
                raise FileStructureError(f"root element is {root.tag!r}, not BACSDocument", root.sourceline)
            root_checked = True
        yield element
    if not root_checked:
        raise FileStructureError("file is empty")


def _day(element: etree._Element, attribute: str) -> date:
    text = element.get(attribute) or ""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{attribute} {text!r} is not a valid date (YYYY-MM-DD)") from None


def _amount(text: str | None, what: str) -> Decimal:
    try:
        value = Decimal(text or "")
    except InvalidOperation:
        raise ValueError(f"{what} {text!r} is not a number") from None
    if not value.is_finite() or value <= 0 or value != value.quantize(Decimal("0.01")):
        raise ValueError(f"{what} {text!r} must be positive with at most 2 decimals")
    return value


def parse_arudd(path: Path, source_system: str) -> Iterator[Record | Rejected]:
    count, total, advice, items = 0, Decimal(0), "", 0
    for element in _events(path):
        local = etree.QName(element).localname
        if local == "Header":
            advice = element.get("adviceNumber") or element.get("reportType") or ""
        elif local == "ReturnedDebitItem":
            items += 1
            count += 1
            yield _unpaid(element, advice)
            total += numeric_value(element.get("valueOf") or "") or 0
        elif local == "Totals" and etree.QName(element.getparent()).localname == "OriginatingAccountRecord":
            _check_totals(element, count, total)
            count, total = 0, Decimal(0)
        if local in ("ReturnedDebitItem", "OriginatingAccountRecord"):
            element.clear(keep_tail=True)
    if items == 0:
        raise FileStructureError("no ARUDD ReturnedDebitItem in the report")


def _check_totals(element: etree._Element, count: int, total: Decimal) -> None:
    number, value = element.get("numberOf", ""), element.get("valueOf", "")
    try:
        declared = Decimal(value)
    except InvalidOperation:
        raise FileStructureError(f"Totals valueOf {value!r} is not a number", element.sourceline) from None
    if not number.isdigit() or int(number) != count or declared != total:
        raise FileStructureError(
            f"Totals say {number} items totalling {value}; the report has {count} totalling {total:.2f}",
            element.sourceline)


def _unpaid(item: etree._Element, advice: str) -> Record | Rejected:
    reference = (item.get("ref") or "").strip()
    try:
        if not reference:
            raise ValueError("ref (mandate reference) is empty")
        amount = Money(_amount(item.get("valueOf"), "valueOf"))
        if (item.get("currency") or "GBP") != "GBP":
            raise ValueError(f"currency {item.get('currency')!r} is not GBP")
        original = _day(item, "originalProcessingDate")
        code = (item.get("returnCode") or "").strip()
        if not code:
            raise ValueError("returnCode is empty")
    except ValueError as exc:
        return Rejected(item.sourceline, str(exc), reference[:35] or None)
    return Record(
        item.sourceline, Kind.UNPAID, reference, amount, original,
        external_id=f"arudd:{advice}:{reference}:{original}:{item.get('transCode', '')}",
        method=PaymentMethod.DIRECT_DEBIT, channel="ARUDD", reason_code=code,
        detail={"description": (item.get("returnDescription") or "").strip()[:100]},
    )


def _advices(path: Path, report_type: str) -> Iterator[Record | Rejected]:
    header_seen, advices = False, 0
    for element in _events(path):
        local = etree.QName(element).localname
        if local == "MessagingHeader":
            found = (element.get("report-type") or "").upper()
            if found != report_type:
                raise FileStructureError(f"report-type is {found!r}, expected {report_type}", element.sourceline)
            header_seen = True
        elif local == "MessagingAdvice":
            if not header_seen:
                raise FileStructureError("MessagingAdvice before the MessagingHeader", element.sourceline)
            advices += 1
            yield _advice(element, report_type)
            element.clear(keep_tail=True)
    if not header_seen:
        raise FileStructureError(f"no MessagingHeader: not an {report_type} report")
    if advices == 0:
        raise FileStructureError(f"no MessagingAdvice in the {report_type} report")


def _advice(advice: etree._Element, report_type: str) -> Record | Rejected:
    reference = (advice.get("reference") or "").strip()
    try:
        if not reference:
            raise ValueError("reference (mandate reference) is empty")
        effective = _day(advice, "effective-date")
        code = (advice.get("reason-code") or "").strip()
        if not code:
            raise ValueError("reason-code is empty")
    except ValueError as exc:
        return Rejected(advice.sourceline, str(exc), reference[:35] or None)
    return Record(
        advice.sourceline, Kind.MANDATE_ADVICE, reference, Money.zero(), effective,
        external_id=f"{report_type.lower()}:{reference}:{code}:{effective}",
        method=PaymentMethod.DIRECT_DEBIT, channel=report_type, reason_code=code,
        detail={"report": report_type,
                "new_sort_code": (advice.get("payer-new-sort-code") or "").strip(),
                "new_account_number": (advice.get("payer-new-account-number") or "").strip(),
                "new_name": (advice.get("payer-new-name") or "").strip()},
    )


def parse_addacs(path: Path, source_system: str) -> Iterator[Record | Rejected]:
    return _advices(path, "ADDACS")


def parse_auddis(path: Path, source_system: str) -> Iterator[Record | Rejected]:
    return _advices(path, "AUDDIS")
