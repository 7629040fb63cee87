"""What an area whose body is a big table shares (the plan, the register): the table with
its `/` filter docked under it and an info line, the keys that need a row under the
cursor, and opening a record by id once the rows are in.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import Input

from branchtui.tui.screens.base import BranchScreen
from branchtui.tui.widgets.filter_bar import FilterBar
from branchtui.tui.widgets.row_table import RowTable


class TableScreen(BranchScreen):
    """An area's screen around one `RowTable` and its `FilterBar`."""

    # Actions that need a row under the cursor (disabled while there is none).
    ON_ROW: ClassVar[frozenset[str]] = frozenset()
    # From the table too, once `enter` kept the filter (offered only while there is one).
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear_filter", "key.plan.filter_clear", id="table.filter_clear"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.pending: int | None = None  # the row to put the cursor on once rows arrive

    @property
    def row_table(self) -> RowTable[Any]:
        """The screen's table."""
        return self.query_one(RowTable)

    def mount_table(self, waiting: bool = True) -> None:
        """On mount: the filter hidden, the table focused (and `waiting` for its rows)."""
        self.query_one(FilterBar).display = False
        self.row_table.loading = waiting
        self.row_table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.ON_ROW and self.is_mounted and self.row_table.row is None:
            return None
        if action == "clear_filter":
            return self.is_mounted and bool(self.query_one(FilterBar).value)
        return super().check_action(action, parameters)

    def rows_shown(self) -> None:
        """After new rows: the cursor where it was asked to go, the info, the keys."""
        self.pending = None
        self.show_info()
        self.refresh_bindings()

    def show_info(self) -> None:
        """Subclasses: the line under the table (how many, the filter)."""

    def push_detail(self, row_id: int) -> None:
        """Subclasses: open the record of `row_id` over the screen."""

    def open_row(self, row_id: int) -> None:
        """Cursor on the row of `row_id` (once the rows are in) and its detail open."""
        table = self.row_table
        if not (table.loaded and table.select_id(row_id)):
            self.pending = row_id
        self.push_detail(row_id)

    def action_open(self) -> None:
        """The detail of the row under the cursor."""
        row = self.row_table.row
        if row is not None:
            self.push_detail(row.id)

    def open_form(self, row_id: int | None) -> object:
        """Subclasses: the form of a new record (None) or of the record of `row_id`
        (a worker reads what the form needs)."""
        return None

    def action_new(self) -> None:
        """A new record."""
        self.open_form(None)

    def action_edit(self) -> None:
        """Edit the record under the cursor."""
        row = self.row_table.row
        if row is not None:
            self.open_form(row.id)

    # -- the filter -------------------------------------------------------------------------
    def action_filter(self) -> None:
        """Show the filter and type into it."""
        bar = self.query_one(FilterBar)
        bar.display = True
        self.set_focus(bar)  # now: what is typed next goes into the filter, however fast

    def action_clear_filter(self) -> None:
        """The whole table again."""
        self.query_one(FilterBar).action_clear()

    @on(Input.Changed, "FilterBar")
    def _filter_typed(self, event: Input.Changed) -> None:
        self.row_table.filter(event.value)
        self.show_info()
        self.refresh_bindings()

    @on(Input.Submitted, "FilterBar")
    def _filter_kept(self, _event: Input.Submitted) -> None:
        bar = self.query_one(FilterBar)
        bar.display = bool(bar.value)
        self.row_table.focus()

    @on(RowTable.CursorMoved)
    def _cursor_moved(self, _event: RowTable.CursorMoved) -> None:
        self.refresh_bindings()


__all__ = ["TableScreen"]
