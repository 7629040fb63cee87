"""Plain terminal lines for the command people run most (`status`).

rich costs ~45 ms here to import and render, a sixth of `status` on SPEC §9's data, and
these lines need little of it: colour on a terminal (not in a pipe, not with NO_COLOR) and
each line cut at the terminal's edge, counting CJK characters as two cells.
"""

from __future__ import annotations

import os
import sys
from typing import TextIO

from branchtui.display import cell_width, safe

STYLES = {
    "bold": "1",
    "dim": "2",
    "red": "31",
    "bold red": "1;31",
    "green": "32",
    "yellow": "33",
}
Segment = tuple[str, str]  # (text, style name or "")


def _cut(segments: list[Segment], width: int) -> list[Segment]:
    """The segments that fit in `width` cells, the last one ending in … when cut."""
    if sum(cell_width(text) for text, _ in segments) <= width:
        return segments
    room = width - 1  # for the ellipsis
    kept: list[Segment] = []
    for text, style in segments:
        part = ""
        for char in text:
            need = cell_width(char)
            if need > room:
                kept.append((part + "…", style))
                return kept
            part += char
            room -= need
        kept.append((part, style))
    return kept


class LinePrinter:
    """Writes lines of styled segments to a stream, cut to the terminal's width."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout
        terminal = self.stream.isatty()
        self.colour = terminal and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
        self.width: int | None = None
        if terminal:
            try:
                self.width = os.get_terminal_size(self.stream.fileno()).columns
            except OSError:
                self.width = None

    @property
    def layout_width(self) -> int:
        """The width to lay a table out in: the terminal's, else COLUMNS, else 80 (as rich)."""
        if self.width:
            return self.width
        columns = os.environ.get("COLUMNS", "")
        return int(columns) if columns.isdigit() and int(columns) > 0 else 80

    def write(self, lines: list[list[Segment]]) -> None:
        """All lines at once (one write: the terminal draws them together). Stored text
        in a segment never reaches the terminal raw: its control characters are made
        visible before the line is cut and painted."""
        out = []
        for segments in lines:
            segments = [(safe(text), style) for text, style in segments]
            if self.width:
                segments = _cut(segments, self.width)
            out.append("".join(self._paint(text, style) for text, style in segments))
        self.stream.write("\n".join(out) + "\n")

    def _paint(self, text: str, style: str) -> str:
        if not style or not self.colour:
            return text
        return f"\x1b[{STYLES[style]}m{text}\x1b[0m"


def table_lines(
    headers: list[str], rows: list[list[str]], right: set[int], width: int | None
) -> list[list[Segment]]:
    """A long listing as plain lines: a bold header, a rule, one line per row; columns as
    wide as their widest cell, the widest column cut (…) so the table fits `width`.
    rich lays a table out at ~1.5 ms a row; this stays fast for thousands of rows."""
    widths = [
        max(cell_width(cell) for cell in [header, *(row[i] for row in rows)])
        for i, header in enumerate(headers)
    ]
    gap = 2
    if width:
        excess = sum(widths) + gap * (len(widths) - 1) - width
        if excess > 0:
            widest = widths.index(max(widths))
            widths[widest] = max(cell_width(headers[widest]), widths[widest] - excess)

    def line(cells: list[str], style: str) -> list[Segment]:
        parts = []
        for index, (cell, size) in enumerate(zip(cells, widths, strict=True)):
            if cell_width(cell) > size:
                cell = _cut([(cell, "")], size)[0][0]
            pad = " " * (size - cell_width(cell))
            parts.append(pad + cell if index in right else cell + pad)
        return [((" " * gap).join(parts).rstrip(), style)]

    rule = [("─" * (sum(widths) + gap * (len(widths) - 1)), "")]
    return [line(headers, "bold"), rule, *(line(row, "") for row in rows)]
