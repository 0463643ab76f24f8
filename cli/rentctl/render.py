"""Rich output: tables from lists of records, key/value panels for one record."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

console = Console()
errors = Console(stderr=True)

RIGHT = ("amount", "balance", "total", "debits", "credits", "net", "opening", "closing", "count", "arrears")


def record_table(title: str, record: dict[str, Any], *, skip: tuple[str, ...] = ()) -> Table:
    table = Table(title=title, show_header=False, title_justify="left", min_width=len(title) + 4)
    table.add_column("field", style="bold")
    table.add_column("value")
    for key, value in record.items():
        if key in skip or isinstance(value, list | dict):
            continue
        table.add_row(key.replace("_", " "), "" if value is None else str(value))
    return table


def rows_table(title: str, rows: list[dict[str, Any]], columns: list[str] | None = None) -> Table:
    columns = columns or _columns(rows)
    table = Table(title=title, title_justify="left", min_width=len(title) + 4)
    for column in columns:
        justify = "right" if set(column.split("_")) & set(RIGHT) else "left"
        table.add_column(column.replace("_", " "), justify=justify, overflow="fold")
    for row in rows:
        table.add_row(*("" if row.get(c) is None else _text(row.get(c)) for c in columns))
    return table


def _columns(rows: list[dict[str, Any]]) -> list[str]:
    seen: list[str] = []
    for row in rows:
        for key, value in row.items():
            if key not in seen and not isinstance(value, list | dict):
                seen.append(key)
    return seen


def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)
