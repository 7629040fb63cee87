"""Shared output helpers for the command line: tables and JSON values."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from branchtui.display import local_time

if TYPE_CHECKING:
    from rich.table import Table


def json_value(value: Any) -> Any:
    """A value as SPEC §5's JSON wants it: dates YYYY-MM-DD, timestamps ISO with offset."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def text(value: Any) -> str:
    """A cell's text: empty for nothing, ISO for dates, local time for timestamps."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "✓" if value else ""
    return str(value)


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str | None = None,
    justify: Sequence[str] | None = None,
) -> Table:
    """A rich table with our look: header row, no heavy borders (fits 80 columns)."""
    from rich import box
    from rich.table import Table

    result = Table(title=title, box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False)
    for index, header in enumerate(headers):
        align = justify[index] if justify else "left"
        result.add_column(header, justify=align, overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        result.add_row(*(cell if hasattr(cell, "__rich__") else text(cell) for cell in row))
    return result


def is_terminal() -> bool:
    """Whether stdout is a terminal (rich then uses colour; pipes get plain text)."""
    return sys.stdout.isatty()


# Above this many rows a listing is printed as plain lines (cli/lines.py), not a rich table.
LONG_LISTING = 200


def print_listing(
    console: Any,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    *,
    title: str,
    justify: Sequence[str],
) -> None:
    """A listing: a rich table for a branch's usual sizes, plain lines for long ones."""
    if len(rows) <= LONG_LISTING:
        console.print(table(headers, rows, title=title, justify=justify))
        return
    from branchtui.cli.lines import LinePrinter, table_lines

    printer = LinePrinter()
    right = {index for index, align in enumerate(justify) if align == "right"}
    cells = [[text(cell) for cell in row] for row in rows]
    printer.write([[(title, "bold")], *table_lines(list(headers), cells, right, printer.width)])
