"""Cash receipting CSV (allpay / PayPoint / Post Office style).

    payment_reference,amount,paid_on,channel,transaction_id
    10000016,112.48,2026-11-20,paypoint,AP-20261120-000123
    TRAILER,1,112.48

The header is required exactly; the trailer (record count, sum of amounts) is required
and checked, so a truncated file is caught.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from payments.adapters.formats.text_lines import ControlTotals, csv_rows, require_fields
from payments.domain.income import FileStructureError, Kind, LineInvalid, Record, Rejected, parse_amount, parse_date
from shared.contracts.types import PaymentMethod

HEADER = ["payment_reference", "amount", "paid_on", "channel", "transaction_id"]


def parse(path: Path, source_system: str) -> Iterator[Record | Rejected]:
    seen: dict[str, int] = {}
    for line_no, fields in _detail_rows(path):
        yield _record(line_no, fields, seen)


def check_structure(path: Path) -> None:
    """Header, encoding and trailer only (the first pass of an import needs no more)."""
    for _ in _detail_rows(path):
        pass


def _detail_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    rows = csv_rows(path)
    first = next(rows, None)
    if first is None:
        raise FileStructureError("file is empty")
    line_no, fields = first
    if [f.strip().lower() for f in fields] != HEADER:
        raise FileStructureError(f"header must be {','.join(HEADER)}", line_no)
    totals = ControlTotals()
    for line_no, fields in rows:
        if fields[0].strip().upper() == "TRAILER":
            require_trailer(line_no, fields, totals)
            if next(rows, None) is not None:
                raise FileStructureError("records after the trailer", line_no)
            return
        if len(fields) >= 2:
            totals.add(fields[1])
        else:
            totals.count += 1
        yield line_no, fields
    raise FileStructureError("no TRAILER record: the file is incomplete")


def require_trailer(line_no: int, fields: list[str], totals: ControlTotals) -> None:
    if len(fields) != 3:
        raise FileStructureError("trailer must be TRAILER,<record count>,<total amount>", line_no)
    totals.check(line_no, fields[1], fields[2])


def _record(line_no: int, fields: list[str], seen: dict[str, int]) -> Record | Rejected:
    reference = fields[0].strip()[:35] if fields else None
    try:
        require_fields(fields, len(HEADER))
        reference, amount_text, paid_on, channel, transaction_id = [f.strip() for f in fields]
        if not reference or len(reference) > 35:
            raise LineInvalid("payment reference must be 1 to 35 characters")
        amount = parse_amount(amount_text)
        day = parse_date(paid_on, "paid_on")
        if not channel or len(channel) > 40:
            raise LineInvalid("channel must be 1 to 40 characters")
        if not transaction_id or len(transaction_id) > 100:
            raise LineInvalid("transaction id must be 1 to 100 characters")
        if transaction_id in seen:
            raise LineInvalid(f"transaction id repeats line {seen[transaction_id]}")
        seen[transaction_id] = line_no
    except LineInvalid as exc:
        return Rejected(line_no, str(exc), reference)
    return Record(line_no, Kind.PAYMENT, reference, amount, day, transaction_id,
                  method=PaymentMethod.CASH, channel=channel)
