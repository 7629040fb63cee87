"""Shared output helpers for the command line: cells, lines, tables and JSON values.

User text is data, never markup or terminal control (SPEC §8): every value shown goes
through `text` (control characters made visible by `display.safe`) and reaches rich as a
`Text` (`cell`, `line`), which rich never parses for markup. Plain lines printed by
`Context.out`/`warn` and `cli/lines.py` are neutralised the same way.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from branchtui.display import local_time, safe

if TYPE_CHECKING:
    from rich.table import Table
    from rich.text import Text


def json_value(value: Any) -> Any:
    """A value as SPEC §5's JSON wants it: dates YYYY-MM-DD, timestamps ISO with offset."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def text(value: Any, *, keep_layout: bool = False) -> str:
    """A cell's text: empty for nothing, ISO for dates, local time for timestamps, stored
    text with its control characters made visible (newlines and tabs kept with
    `keep_layout`, for multi-line fields shown as blocks)."""
    if isinstance(value, str):
        return safe(value, keep_layout=keep_layout)
    if value is None:
        return ""
    if isinstance(value, datetime):
        return local_time(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "✓" if value else ""
    return safe(str(value))


def cell(value: Any, *, keep_layout: bool = False, style: str = "") -> Any:
    """A value for rich: a `Text` (never read as markup), or a renderable passed on."""
    if hasattr(value, "__rich__") or hasattr(value, "__rich_console__"):
        return value
    from rich.text import Text

    return Text(text(value, keep_layout=keep_layout), style=style)


def line(message: str, style: str = "") -> Text:
    """A line of program text holding user values (a heading naming a checklist) for rich:
    never markup, control characters made visible, newlines kept."""
    result: Text = cell(message, keep_layout=True, style=style)
    return result


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

    result = Table(
        title=None if title is None else line(title),
        box=box.SIMPLE_HEAD,
        title_justify="left",
        pad_edge=False,
    )
    for index, header in enumerate(headers):
        align = justify[index] if justify else "left"
        result.add_column(header, justify=align, overflow="fold")  # type: ignore[arg-type]
    for row in rows:
        result.add_row(*(cell(value) for value in row))
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
    cells = [[text(value) for value in row] for row in rows]
    printer.write([[(title, "bold")], *table_lines(list(headers), cells, right, printer.width)])
