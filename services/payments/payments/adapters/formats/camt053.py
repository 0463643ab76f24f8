"""ISO 20022 camt.053 bank-to-customer statement (any 001.xx version).

Parsed as a stream with lxml (as UTF-8, entities not resolved, no network; see
xml_stream), so a statement of any size is read an entry at a time. Structure is
validated: the Document root in a camt.053 namespace, statements with booked entries,
each entry with an amount, a credit/debit indicator and a booking date; the statement's
credit totals (TxsSummry/TtlCdtNtries) and its opening + credits - debits = closing
balance are checked. Credit entries become payments, with the remittance reference
(structured creditor reference, else the account reference found in the unstructured text).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

from lxml import etree

from payments.adapters.formats import xml_stream
from payments.domain.income import FileStructureError, Kind, Record, Rejected
from shared.contracts.types import PaymentMethod
from shared.money import Money
from shared.refs import is_valid_account_ref

NAMESPACE = re.compile(r"^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}$")
DIGITS = re.compile(r"(?<!\d)\d{5,12}(?!\d)")
PREFIX = re.compile(r"(?:^|[^A-Z])([A-Z]{1,3})$")


class _Statement:
    def __init__(self) -> None:
        self.balances: dict[str, Decimal] = {}
        self.declared_credits: tuple[int, Decimal] | None = None
        self.credits = Decimal(0)
        self.debits = Decimal(0)
        self.credit_count = 0


def parse(path: Path, source_system: str) -> Iterator[Record | Rejected]:
    ns = None
    statement: _Statement | None = None
    statement_id = ""
    statements = 0
    for event, element in xml_stream.iterparse(path, ("start", "end")):
        if ns is None:
            ns = _namespace(element)
        local = etree.QName(element).localname
        if event == "start":
            if local == "Stmt":
                statement, statements = _Statement(), statements + 1
            continue
        parent = etree.QName(element.getparent()).localname if element.getparent() is not None else ""
        if local == "Id" and parent == "Stmt":
            statement_id = (element.text or "").strip()
        elif local == "Bal" and statement is not None:
            _balance(element, ns, statement)
        elif local == "TtlCdtNtries" and statement is not None:
            statement.declared_credits = _declared(element, ns)
        elif local == "Ntry" and statement is not None:
            record = _entry(element, ns, statement, statement_id or f"stmt{statements}", source_system)
            if record is not None:
                yield record
            element.clear(keep_tail=True)
        elif local == "Stmt" and statement is not None:
            _check_statement(statement, element.sourceline)
            element.clear(keep_tail=True)
            statement = None
    if ns is None:
        raise FileStructureError("file is empty")
    if statements == 0:
        raise FileStructureError("no Stmt (statement) in BkToCstmrStmt")


def _namespace(root: etree._Element) -> str:
    qname = etree.QName(root)
    if qname.localname != "Document" or not NAMESPACE.match(qname.namespace or ""):
        raise FileStructureError(
            f"root element is {{{qname.namespace}}}{qname.localname}, not a camt.053 Document", root.sourceline
        )
    return qname.namespace


def _text(element: etree._Element, path: str, ns: str) -> str | None:
    found = element.find(path.replace("c:", f"{{{ns}}}"))
    return found.text.strip() if found is not None and found.text else None


def _decimal(text: str | None, what: str, line: int) -> Decimal:
    try:
        value = Decimal(text or "")
    except InvalidOperation:
        raise FileStructureError(f"{what} {text!r} is not a decimal amount", line) from None
    if not value.is_finite() or value < 0 or value != value.quantize(Decimal("0.01")):
        raise FileStructureError(f"{what} {text!r} is not a positive amount with at most 2 decimals", line)
    return value


def _signed(element: etree._Element, ns: str, what: str) -> Decimal:
    amount = _decimal(_text(element, "c:Amt", ns), what, element.sourceline)
    indicator = _text(element, "c:CdtDbtInd", ns)
    if indicator not in ("CRDT", "DBIT"):
        raise FileStructureError(f"{what}: CdtDbtInd must be CRDT or DBIT, found {indicator!r}", element.sourceline)
    return amount if indicator == "CRDT" else -amount


def _balance(element: etree._Element, ns: str, statement: _Statement) -> None:
    code = _text(element, "c:Tp/c:CdOrPrtry/c:Cd", ns)
    if code in ("OPBD", "CLBD"):
        statement.balances[code] = _signed(element, ns, f"{code} balance")


def _declared(element: etree._Element, ns: str) -> tuple[int, Decimal]:
    count = _text(element, "c:NbOfNtries", ns) or ""
    if not count.isdigit():
        raise FileStructureError(f"TtlCdtNtries/NbOfNtries {count!r} is not a number", element.sourceline)
    return int(count), _decimal(_text(element, "c:Sum", ns), "TtlCdtNtries/Sum", element.sourceline)


def _entry(entry: etree._Element, ns: str, statement: _Statement, statement_id: str, source_system: str):
    line = entry.sourceline
    signed = _signed(entry, ns, f"entry at line {line}")
    status = _text(entry, "c:Sts/c:Cd", ns) or _text(entry, "c:Sts", ns)
    if status is None:
        raise FileStructureError("entry has no Sts (status)", line)
    booked = _date(entry, ns)
    if signed < 0:
        statement.debits -= signed
        return None  # money out of the collection account is not income
    statement.credits += signed
    statement.credit_count += 1
    reference = _remittance_reference(entry, ns)
    currency = entry.find(f"{{{ns}}}Amt").get("Ccy", "")
    if currency != "GBP":
        return Rejected(line, f"currency {currency!r} is not GBP", reference, Money(signed))
    if status != "BOOK":
        return Rejected(line, f"entry status {status} is not booked (BOOK)", reference, Money(signed))
    if signed == 0:
        return Rejected(line, "amount must be positive", reference, Money(signed))
    external = (_text(entry, "c:AcctSvcrRef", ns) or _text(entry, "c:NtryRef", ns)
                or _text(entry, "c:NtryDtls/c:TxDtls/c:Refs/c:EndToEndId", ns) or f"line{line}")
    return Record(line, Kind.PAYMENT, reference, Money(signed), booked, f"{statement_id}:{external}"[:100],
                  method=PaymentMethod.BANK_TRANSFER, channel="bank statement")


def _date(entry: etree._Element, ns: str) -> date:
    text = (_text(entry, "c:BookgDt/c:Dt", ns) or (_text(entry, "c:BookgDt/c:DtTm", ns) or "")[:10]
            or _text(entry, "c:ValDt/c:Dt", ns))
    try:
        return date.fromisoformat(text or "")
    except ValueError:
        raise FileStructureError(f"entry booking date {text!r} is not a valid ISO date", entry.sourceline) from None


def _remittance_reference(entry: etree._Element, ns: str) -> str:
    structured = _text(entry, "c:NtryDtls/c:TxDtls/c:RmtInf/c:Strd/c:CdtrRefInf/c:Ref", ns)
    if structured:
        return structured[:35]
    free = " ".join(
        (e.text or "") for e in entry.iterfind(f"{{{ns}}}NtryDtls/{{{ns}}}TxDtls/{{{ns}}}RmtInf/{{{ns}}}Ustrd")
    ) or _text(entry, "c:AddtlNtryInf", ns) or ""
    return find_account_ref(free) or free.strip()[:35]


def find_account_ref(free_text: str) -> str | None:
    """Payers write "RENT 10000016", "ref 1000 0016 flat 3" or "GAR12345674": the first
    run of digits (with a 1-3 letter prefix that is a word of its own) whose check digit holds."""
    upper = free_text.upper()
    for text in (upper, re.sub(r"(?<=\d)[\s\-/]+(?=\d)", "", upper)):
        for match in DIGITS.finditer(text):
            prefix = PREFIX.search(text[:match.start()])
            candidate = (prefix.group(1) if prefix else "") + match.group()
            if is_valid_account_ref(candidate):
                return candidate
    return None


def _check_statement(statement: _Statement, line: int) -> None:
    if statement.declared_credits is not None:
        count, total = statement.declared_credits
        if (count, total) != (statement.credit_count, statement.credits):
            raise FileStructureError(
                f"TtlCdtNtries says {count} credits totalling {total:.2f}; the entries are "
                f"{statement.credit_count} totalling {statement.credits:.2f}", line)
    opening, closing = statement.balances.get("OPBD"), statement.balances.get("CLBD")
    if opening is not None and closing is not None:
        expected = opening + statement.credits - statement.debits
        if expected != closing:
            raise FileStructureError(
                f"opening balance {opening:.2f} + credits {statement.credits:.2f} - debits "
                f"{statement.debits:.2f} = {expected:.2f}, but the closing balance is {closing:.2f}", line)
