"""What a big table shows, without Textual: its rows in the chosen order, filtered, and its
columns. The plan's and the register's models build on it (`plan_model`, `member_model`).

Built for 10,000 rows: the order is computed once per sort, a subclass prepares its
haystacks once per order (`prepare`), so a keystroke in the filter is a scan of plain
lists (`matching`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Generic, Protocol, TypeVar

from branchtui.display import pad

GAP = 1  # cells between columns


@dataclass(frozen=True)
class Column:
    """A column: its name, heading and width in cells."""

    name: str
    heading: str
    width: int
    right: bool = False  # aligned right (numbers)


def cell(text: str, column: Column) -> str:
    """`text` in exactly the column's width, cut with … when too long."""
    shown = pad(text, column.width)
    if column.right:
        stripped = shown.rstrip(" ")
        return " " * (column.width - len(stripped)) + stripped if stripped.isascii() else shown
    return shown


class HasId(Protocol):
    """A row: a named tuple with the id of the record it shows."""

    @property
    def id(self) -> int: ...


Row = TypeVar("Row", bound=HasId)


class RowModel(Generic[Row]):
    """Rows as a table shows them: sorted by `SORT_KEYS[sort_column]`, then filtered."""

    SORT_KEYS: ClassVar[dict[str, Callable[[Any], Any]]] = {}
    SORT_CYCLE: ClassVar[tuple[str, ...]] = ()

    def __init__(self, sort_column: str) -> None:
        self.rows: list[Row] = []
        self.shown: list[Row] = []
        self.sort_column = sort_column
        self.reverse = False
        self.query = ""
        self._sorted: list[Row] = []

    # -- loading, ordering, filtering ------------------------------------------------------
    def load(self, rows: list[Row]) -> None:
        """New rows (a reload): keep the order and the filter."""
        self.rows = rows
        self._sort()

    def sort_by(self, column: str, reverse: bool = False) -> None:
        """Order by `column` (one of SORT_KEYS)."""
        self.sort_column, self.reverse = column, reverse
        self._sort()

    def next_sort(self) -> None:
        """The next column of SORT_CYCLE, ascending."""
        cycle = self.SORT_CYCLE
        index = cycle.index(self.sort_column) if self.sort_column in cycle else -1
        self.sort_by(cycle[(index + 1) % len(cycle)])

    def reverse_sort(self) -> None:
        """The same column, the other way round."""
        self.sort_by(self.sort_column, not self.reverse)

    def _sort(self) -> None:
        key = self.SORT_KEYS[self.sort_column]
        self._sorted = sorted(self.rows, key=key, reverse=self.reverse)
        self.prepare(self._sorted)
        self._filter()

    def prepare(self, ordered: list[Row]) -> None:
        """Subclasses: what the filter searches, once per order (`ordered` is that order)."""

    def filter(self, query: str) -> None:
        """Show only the rows matching `query` (see `matching`)."""
        self.query = query
        self._filter()

    def _filter(self) -> None:
        needle = self.query.strip().casefold()
        self.shown = self.matching(needle) if needle else self._sorted

    def matching(self, needle: str) -> list[Row]:
        """Subclasses: the rows (in order) that the case-folded `needle` finds."""
        return self._sorted

    # -- finding ---------------------------------------------------------------------------
    def index_of(self, row_id: int) -> int | None:
        """Where the row with `row_id` is shown, if it is."""
        for index, row in enumerate(self.shown):
            if row.id == row_id:
                return index
        return None

    def replace(self, row: Row) -> None:
        """One row written by this app: shown at once, in place (the reload that follows
        puts it where the order wants it)."""
        self.rows = [row if r.id == row.id else r for r in self.rows]
        self._sorted = [row if r.id == row.id else r for r in self._sorted]
        self.shown = [row if r.id == row.id else r for r in self.shown]


__all__ = ["GAP", "Column", "HasId", "RowModel", "cell"]
