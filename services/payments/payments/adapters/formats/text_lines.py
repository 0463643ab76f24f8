"""Reading delimited text files a line at a time, strictly as UTF-8."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from payments.domain.income import FileStructureError, LineInvalid, numeric_value


def csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(line number, fields) for each non-blank line; a byte that is not UTF-8 rejects the file."""
    with path.open("rb") as handle:
        reader = csv.reader(io.TextIOWrapper(handle, encoding="utf-8-sig", newline=""))
        try:
            for fields in reader:
                if fields and (len(fields) > 1 or fields[0].strip()):  # skip blank lines
                    yield reader.line_num, fields
        except UnicodeDecodeError:
            raise not_utf8(path) or FileStructureError("file is not UTF-8 (re-export it as UTF-8)") from None
        except csv.Error as exc:
            raise FileStructureError(f"not valid CSV: {exc}", reader.line_num) from None


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def not_utf8(path: Path) -> FileStructureError | None:
    """What is not UTF-8 in the file: its first bad byte with line and column, or that it is
    UTF-16; None if it is all UTF-8. Only on an error path: the file is read again."""
    with path.open("rb") as handle:
        if handle.read(2) in UTF16_BOMS:
            return FileStructureError("file is UTF-16, not UTF-8 (re-export it as UTF-8)", 1)
        handle.seek(0)
        for line_no, raw in enumerate(handle, start=1):
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                bad = raw[exc.start:exc.start + 1].hex()
                return FileStructureError(
                    f"file is not UTF-8: byte 0x{bad} at column {exc.start + 1} (re-export it as UTF-8)", line_no)
    return None


def require_fields(fields: list[str], count: int) -> None:
    if len(fields) != count:
        raise LineInvalid(f"expected {count} fields, found {len(fields)}")


class ControlTotals:
    """Counts and sums detail records as written, to check against the trailer."""

    def __init__(self) -> None:
        self.count = 0
        self.total = Decimal(0)

    def add(self, amount_text: str) -> None:
        self.count += 1
        self.total += numeric_value(amount_text) or 0

    def check(self, line_no: int, count_text: str, total_text: str, what: str = "total") -> None:
        check_count(line_no, count_text, self.count)
        self.check_total(line_no, total_text, what)

    def check_total(self, line_no: int, total_text: str, what: str = "total") -> None:
        written = numeric_value(total_text)
        if written is None:
            raise FileStructureError(f"trailer {what} {total_text.strip()!r} is not a number", line_no)
        if written != self.total:
            raise FileStructureError(
                f"trailer {what} {total_text.strip()} does not match the detail records' sum {self.total:.2f}", line_no
            )


def check_count(line_no: int, count_text: str, found: int) -> None:
    if not count_text.strip().isdigit():
        raise FileStructureError(f"trailer record count {count_text.strip()!r} is not a number", line_no)
    if int(count_text) != found:
        raise FileStructureError(
            f"trailer says {int(count_text)} detail records but the file has {found} (file truncated?)", line_no
        )
