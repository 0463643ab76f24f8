"""Reading an XML income file as a stream with lxml: always as UTF-8 (whatever the XML
declaration says), entities not resolved, no DTD, no network. A parse error becomes a
FileStructureError that says what is wrong: bytes that are not UTF-8, a file that ends
before its document does (truncated), or XML that is not well-formed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from payments.adapters.formats.text_lines import not_utf8
from payments.domain.income import FileStructureError

EXTRA_CONTENT = 5  # libxml2's XML_ERR_DOCUMENT_END: content after the root element
_POSITION = re.compile(r", line \d+, column \d+$")


def iterparse(path: Path, events: tuple[str, ...]) -> Iterator[tuple[str, etree._Element]]:
    parser = etree.iterparse(
        str(path), events=events, encoding="utf-8", resolve_entities=False, no_network=True, load_dtd=False,
        huge_tree=False, remove_comments=True,
    )
    try:
        yield from parser
    except etree.XMLSyntaxError as exc:
        raise syntax_error(path, exc) from None


def syntax_error(path: Path, exc: etree.XMLSyntaxError) -> FileStructureError:
    """The reason lxml refused the file, said plainly (the file is read again: error path only)."""
    encoding = not_utf8(path)
    if encoding is not None:
        return encoding
    last_line, last_column, blank = _end_of(path)
    if blank:
        return FileStructureError("file is empty")
    message = _POSITION.sub("", exc.msg or "")
    line, column = exc.position
    if exc.code != EXTRA_CONTENT and line == last_line and column >= last_column - 1:
        return FileStructureError(f"XML ends before the document is complete (file truncated?): {message}", line)
    return FileStructureError(f"XML is not well-formed: {message}", exc.lineno)


def _end_of(path: Path) -> tuple[int, int, bool]:
    """(line number, column just after the last character, whether the file is only whitespace)."""
    lines, last, blank = 0, b"", True
    with path.open("rb") as handle:
        for raw in handle:
            lines, last, blank = lines + 1, raw, blank and not raw.strip()
    if last.endswith(b"\n"):
        return lines + 1, 1, blank
    return max(lines, 1), len(last.decode("utf-8")) + 1, blank
