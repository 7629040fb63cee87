"""What the checklist grid shows, as plain data: its lines, its columns, each cell's symbol
and the cursor's moves. No widgets, so it is tested without Textual running.

Entries are grouped by how their year is divided (once or yearly; half years; quarters;
months), each group under its own heading line, like `checklist list`. Every group shares
one time axis twelve month slots wide: a month is one slot, a quarter spans three, a half
year six, and a once/yearly entry's one cell stands under its due month. So a period's
symbol sits under the months it covers, and the cursor keeps its place in time as it
moves between groups (July on a monthly line is Q3 on a quarterly one, and July again
below).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from branchtui.display import cell_width
from branchtui.domain.periods import SINGLE_PERIOD, period_label
from branchtui.i18n import t

if TYPE_CHECKING:
    from branchtui.domain.checklist_year import ChecklistView, EntryView, PeriodView

# The groups, in the order shown; once and yearly share the one-cell layout.
LAYOUTS = (("once", "yearly"), ("half_yearly",), ("quarterly",), ("monthly",))
# A cell's symbol (SPEC §7: by symbol as well as colour) and its style's name.
DONE, DUE, OVERDUE, NOT_YET, NOT_COUNTED = "✓", "·", "✗", " ", "–"
STATES = ("done", "due", "overdue", "not_yet", "not_counted")
SYMBOLS = dict(zip(STATES, (DONE, DUE, OVERDUE, NOT_YET, NOT_COUNTED), strict=True))
# Titles keep at least this many cells; months are headed 1月…12月 when the titles keep
# ROOMY_TITLE beside them, else 1…12.
MIN_TITLE = 12
ROOMY_TITLE = 40
OWNER_WIDTH = 10  # the owner column, shown only when the titles keep ROOMY_TITLE with it
MONTHS = 12


def cell_state(cell: PeriodView, starts_on: date | None) -> str:
    """done, overdue, due (now, not ticked), not_counted (ended before the checklist
    started) or not_yet (not begun)."""
    if cell.done:
        return "done"
    if cell.overdue:
        return "overdue"
    if cell.due:
        return "due"
    if starts_on is not None and cell.last_day < starts_on:
        return "not_counted"
    return "not_yet"


def layout_of(frequency: str) -> int:
    """The index in LAYOUTS of the group a frequency is shown in."""
    return next(i for i, group in enumerate(LAYOUTS) if frequency in group)


def span(entry: EntryView, index: int) -> tuple[int, int]:
    """The month slots (1-based, inclusive) the entry's `index`-th period covers; a
    once/yearly entry's one cell is its due month."""
    if entry.frequency in SINGLE_PERIOD:
        month = entry.due_month or 12
        return month, month
    size = MONTHS // len(entry.periods)
    return index * size + 1, (index + 1) * size


@dataclass(frozen=True)
class Line:
    """One line of the grid: a group's heading (`entry` None) or an entry."""

    layout: int
    entry: EntryView | None = None
    index: int = -1  # the entry's place among the entries shown


@dataclass(frozen=True)
class Columns:
    """Widths, in cells: the entry's number, its title, its owner (0: not shown), a
    month slot; whether months are headed compactly (1…12)."""

    number: int
    title: int
    owner: int
    slot: int
    compact: bool

    @property
    def area(self) -> int:
        """The periods' area: twelve month slots."""
        return self.slot * MONTHS


def fit_columns(width: int, entries: tuple[EntryView, ...]) -> Columns:
    """Columns for `width` cells: the month headings roomy when that leaves the titles
    enough room, the owner column only when there is room to spare."""
    number = max([len(str(e.position)) for e in entries] + [1])
    fixed = 1 + number + 1 + 2  # the mark, the number, a space; two before the periods
    roomy_slot = max(cell_width(t(f"checklist.month.{m}")) for m in range(1, 13)) + 1
    compact = width - fixed - roomy_slot * MONTHS < ROOMY_TITLE
    slot = 3 if compact else roomy_slot
    room = width - fixed - slot * MONTHS
    owner = OWNER_WIDTH if any(e.owner for e in entries) and room >= ROOMY_TITLE + 12 else 0
    # As wide as the longest title (the periods then stand close to the titles), within
    # the room there is.
    widest = max([cell_width(e.title) for e in entries] + [MIN_TITLE])
    title = max(MIN_TITLE, min(widest, room - (owner + 2 if owner else 0)))
    return Columns(number, title, owner, slot, compact)


def heading_labels(layout: int, year: int, compact: bool) -> list[tuple[int, int, str]]:
    """A group's period headings: (first slot, last slot, label) for each period."""
    frequency = LAYOUTS[layout][-1]
    if layout == 0:  # one cell under the due month: head every month
        return [(m, m, period_label(f"{year}-{m:02d}", "monthly", compact=compact))
                for m in range(1, 13)]  # fmt: skip
    count = {"half_yearly": 2, "quarterly": 4, "monthly": 12}[frequency]
    size = MONTHS // count
    labels = []
    for index in range(count):
        name = {"half_yearly": f"{year}-H{index + 1}", "quarterly": f"{year}-Q{index + 1}"}.get(
            frequency, f"{year}-{index + 1:02d}"
        )
        label = period_label(name, frequency, compact=compact)
        labels.append((index * size + 1, (index + 1) * size, label))
    return labels


class GridModel:
    """One checklist as grid lines, with a cursor on a cell (an entry and a period)."""

    def __init__(self) -> None:
        self.view: ChecklistView | None = None
        self.lines: list[Line] = []
        self.entries: list[EntryView] = []
        self.row = 0  # the entry under the cursor (index into `entries`)
        self.column = 0  # its period
        self.month = 1  # where in the year the cursor is (kept across groups)

    # -- data -------------------------------------------------------------------------------
    def load(self, view: ChecklistView | None) -> None:
        """A checklist (or none); the cursor stays on the same entry and period if it can."""
        keep = self.cell_key
        self.view = view
        self.lines, self.entries = [], []
        if view is not None:
            for layout in range(len(LAYOUTS)):
                group = [e for e in view.entries if layout_of(e.frequency) == layout]
                if not group:
                    continue
                self.lines.append(Line(layout))
                for entry in group:
                    self.lines.append(Line(layout, entry, len(self.entries)))
                    self.entries.append(entry)
        if keep is None or not self.select(*keep, keep_month=True):
            self.row = min(self.row, max(0, len(self.entries) - 1))
            self._column_from_month()

    def replace_cell(self, entry_id: int, cell: PeriodView) -> bool:
        """One cell as a write returned it; False when the entry is not shown."""
        for index, entry in enumerate(self.entries):
            if entry.id != entry_id:
                continue
            periods = tuple(cell if p.period == cell.period else p for p in entry.periods)
            self.entries[index] = replace(entry, periods=periods)
            self.lines = [
                replace(line, entry=self.entries[index]) if line.index == index else line
                for line in self.lines
            ]
            return True
        return False

    # -- the cursor -------------------------------------------------------------------------
    @property
    def entry(self) -> EntryView | None:
        """The entry under the cursor."""
        return self.entries[self.row] if 0 <= self.row < len(self.entries) else None

    @property
    def cell(self) -> PeriodView | None:
        """The period under the cursor."""
        entry = self.entry
        if entry is None or not entry.periods:
            return None
        return entry.periods[min(self.column, len(entry.periods) - 1)]

    @property
    def cell_key(self) -> tuple[int, str] | None:
        """(entry id, period) under the cursor."""
        entry, cell = self.entry, self.cell
        return (entry.id, cell.period) if entry is not None and cell is not None else None

    @property
    def cursor_line(self) -> int:
        """The line the cursor is on."""
        return next((i for i, line in enumerate(self.lines) if line.index == self.row), 0)

    def start(self, today: date) -> None:
        """The first entry's current period (SPEC §7)."""
        self.row = 0
        year = self.view.year if self.view else today.year
        if today.year < year:
            self.month = 1
        elif today.year > year:
            self.month = 12
        else:
            self.month = today.month
        self._column_from_month()

    def select(self, entry_id: int, period: str, *, keep_month: bool = False) -> bool:
        """Put the cursor on a cell; False when it is not shown. The place in the year
        moves to the cell unless `keep_month` (the same cell, shown again)."""
        for row, entry in enumerate(self.entries):
            if entry.id != entry_id:
                continue
            for column, cell in enumerate(entry.periods):
                if cell.period == period:
                    self.row, self.column = row, column
                    first, last = span(entry, column)
                    if not keep_month and not first <= self.month <= last:
                        self.month = first
                    return True
        return False

    def select_entry(self, entry_id: int) -> bool:
        """Put the cursor on an entry, at the same place in the year; False when it is
        not shown."""
        for row, entry in enumerate(self.entries):
            if entry.id == entry_id:
                self.row = row
                self._column_from_month()
                return True
        return False

    def move_rows(self, delta: int) -> None:
        """Up or down by entries, keeping the place in the year."""
        if self.entries:
            self.row = max(0, min(len(self.entries) - 1, self.row + delta))
            self._column_from_month()

    def move_columns(self, delta: int) -> None:
        """Left or right by periods."""
        entry = self.entry
        if entry is None:
            return
        self.column = max(0, min(len(entry.periods) - 1, self.column + delta))
        first, last = span(entry, self.column)
        if not first <= self.month <= last:
            self.month = first

    def jump(self, last: bool) -> None:
        """To the first or the last period of the entry."""
        entry = self.entry
        if entry is not None:
            self.move_columns(len(entry.periods) if last else -len(entry.periods))

    def _column_from_month(self) -> None:
        entry = self.entry
        if entry is None:
            self.column = 0
            return
        self.column = next(
            (i for i in range(len(entry.periods)) if span(entry, i)[1] >= self.month),
            len(entry.periods) - 1,
        )


__all__ = [
    "DONE",
    "DUE",
    "LAYOUTS",
    "NOT_COUNTED",
    "NOT_YET",
    "OVERDUE",
    "STATES",
    "SYMBOLS",
    "Columns",
    "GridModel",
    "Line",
    "cell_state",
    "fit_columns",
    "heading_labels",
    "layout_of",
    "span",
]
