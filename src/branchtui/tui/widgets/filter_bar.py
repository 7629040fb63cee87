"""`/` on a big table: filter as you type; `enter` keeps the filter, `escape` clears it.
The screen that holds it listens to its `Input.Changed` and tells its table."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.widgets import Input

from branchtui.tui.widgets.row_table import RowTable


class FilterBar(Input):
    """The filter's input, docked under its screen's table."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "clear", "key.plan.filter_clear", id="filter.clear"),
    ]

    def action_clear(self) -> None:
        """No filter; back to the table."""
        self.value = ""
        self.display = False
        self.screen.query_one(RowTable).focus()


__all__ = ["FilterBar"]
