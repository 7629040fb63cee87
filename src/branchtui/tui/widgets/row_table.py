"""A big table: a line-API widget that renders only the rows on screen, with a cursor.

10,000 rows stay instant because nothing is built per row until the row is visible:
`render_line(y)` cuts one `Strip` for the row at that line (cached by row, width and
cursor), like toolong's log view. The rows are named tuples in a `RowModel` (sorted,
filtered); the heading is line 0 and stays while the rows scroll under it. Subclasses
(the plan table, the member table) fit the columns and cut a row's strip; user text goes
into Segments as data, never through markup.
"""

from __future__ import annotations

import gc
from typing import Any, ClassVar, Generic

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from branchtui.display import fit
from branchtui.tui.widgets.row_model import GAP, Column, Row, RowModel, cell


class RowTable(ScrollView, Generic[Row], can_focus=True, inherit_bindings=False):
    """Rows of a `RowModel`, one line each, under a heading, with a cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "move(-1)", "key.up", show=False, id="table.up"),
        Binding("down,j", "move(1)", "key.down", show=False, id="table.down"),
        Binding("pageup", "page(-1)", "key.page_up", show=False, id="table.page_up"),
        Binding("pagedown", "page(1)", "key.page_down", show=False, id="table.page_down"),
        Binding("home,g", "jump(0)", "key.first", show=False, id="table.first"),
        Binding("end,G", "jump(-1)", "key.last", show=False, id="table.last"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "row-table--header",
        "row-table--cursor",
        "row-table--cursor-blurred",
        "row-table--muted",
    }
    DEFAULT_CSS = """
    RowTable {
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        overflow-y: auto;
        & > .row-table--header { text-style: bold; background: $panel; }
        & > .row-table--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
        }
        & > .row-table--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .row-table--muted { color: $text-muted; }
    }
    """
    MARKER = 1  # cells before the first column (a row's mark)

    cursor: reactive[int] = reactive(0, repaint=False)

    class CursorMoved(Message):
        """The cursor is on another row (or on none)."""

        def __init__(self, row: Any) -> None:
            super().__init__()
            self.row = row

    def __init__(self, model: RowModel[Row], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        self.loaded = False
        self._columns: list[Column] = []
        self._layout_key: tuple[int, int] = (-1, -1)
        self._generation = 0
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(maxsize=512)

    # -- what subclasses give ----------------------------------------------------------------
    def columns_for(self, width: int) -> list[Column]:
        """The columns fitted to `width` cells."""
        raise NotImplementedError

    def row_strip(self, row: Row, columns: list[Column], width: int) -> Strip:
        """One row's line (without the cursor's style, which is laid over it)."""
        raise NotImplementedError

    def empty_text(self) -> str:
        """What the table says when no row is shown (none at all, or none matching)."""
        return ""

    # -- data -------------------------------------------------------------------------------
    @property
    def row(self) -> Row | None:
        """The row under the cursor."""
        shown = self.model.shown
        return shown[self.cursor] if 0 <= self.cursor < len(shown) else None

    def load_rows(self, rows: list[Row], *, keep: int | None = None) -> None:
        """New rows; the cursor stays on row `keep` (default: the current row) when it is
        still shown, else at the same place."""
        keep_id = keep if keep is not None else (self.row.id if self.row else None)
        self.model.load(rows)
        self.loaded = True
        self._reshow(keep_id)
        # The rows (thousands of them) live until the next load: out of the cyclic GC's
        # sweeps, which otherwise stall the app ~100 ms when they come round (refcounting
        # still frees them).
        gc.freeze()

    def replace_row(self, row: Row) -> None:
        """One row as this app just wrote it."""
        self.model.replace(row)
        self._changed()

    def filter(self, query: str) -> None:
        """Show only the rows matching `query` (what matches is the model's)."""
        keep_id = self.row.id if self.row else None
        self.model.filter(query)
        self._reshow(keep_id)

    def select_id(self, row_id: int) -> bool:
        """Put the cursor on the row of `row_id`; False when it is not shown."""
        index = self.model.index_of(row_id)
        if index is None:
            return False
        self._move_to(index)
        return True

    def _reshow(self, keep_id: int | None) -> None:
        index = self.model.index_of(keep_id) if keep_id is not None else None
        cursor = index if index is not None else min(self.cursor, len(self.model.shown) - 1)
        self._changed()
        self._move_to(max(0, cursor), force=True)

    def _changed(self) -> None:
        """The rows changed: new virtual size, nothing cached is valid."""
        self._generation += 1
        self._strips.clear()
        self._layout_key = (-1, -1)
        self.virtual_size = Size(self.size.width, len(self.model.shown) + 1)
        self.refresh()

    def redraw(self) -> None:
        """Draw every row again (what a row shows changed, not the rows)."""
        self._generation += 1
        self._strips.clear()
        self.refresh()

    # -- the cursor -------------------------------------------------------------------------
    @property
    def page_rows(self) -> int:
        """Rows visible under the heading."""
        return max(1, self.size.height - 1)

    def _move_to(self, index: int, *, force: bool = False) -> None:
        last = len(self.model.shown) - 1
        index = max(0, min(index, last))
        if index == self.cursor and not force:
            return
        self.cursor = index
        top = round(self.scroll_y)
        if index < top:
            top = index
        elif index >= top + self.page_rows:
            top = index - self.page_rows + 1
        self.scroll_to(y=top, animate=False, immediate=True)
        self.refresh()
        self.post_message(self.CursorMoved(self.row))

    def action_move(self, delta: int) -> None:
        """One row up or down."""
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        """A page up or down: the cursor keeps its place on the screen."""
        offset = self.cursor - round(self.scroll_y)
        top = max(0, round(self.scroll_y) + direction * self.page_rows)
        top = min(top, max(0, len(self.model.shown) - self.page_rows))
        self.scroll_to(y=top, animate=False, immediate=True)
        self._move_to(top + offset)

    def action_jump(self, index: int) -> None:
        """To the first (0) or last (-1) row."""
        self._move_to(index if index >= 0 else len(self.model.shown) - 1)

    def action_sort(self) -> None:
        """Order by the next column."""
        keep_id = self.row.id if self.row else None
        self.model.next_sort()
        self._reshow(keep_id)

    def action_sort_reverse(self) -> None:
        """The same order, reversed."""
        keep_id = self.row.id if self.row else None
        self.model.reverse_sort()
        self._reshow(keep_id)

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on that row."""
        if event.y >= 1:
            self._move_to(round(self.scroll_y) + event.y - 1)

    def on_resize(self) -> None:
        self._changed()
        self._move_to(self.cursor, force=True)

    def on_focus(self) -> None:
        self._strips.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._strips.clear()
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    # -- rendering --------------------------------------------------------------------------
    def _layout(self) -> list[Column]:
        width = self.scrollable_content_region.width
        key = (width, self._generation)
        if key != self._layout_key:
            self._columns = self.columns_for(width)
            self._layout_key = key
        return self._columns

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        columns = self._layout()
        if y == 0:
            return self._heading(columns, width)
        index = round(self.scroll_y) + y - 1
        shown = self.model.shown
        if index >= len(shown):
            if index == 0 and self.loaded:
                return self._empty_line(width)
            return Strip.blank(width, self.rich_style)
        row = shown[index]
        selected = index == self.cursor
        key = (row, width, selected, self.has_focus, self._generation)
        strip = self._strips.get(key)
        if strip is None:
            strip = self.row_strip(row, columns, width)
            if selected:
                name = "row-table--cursor" if self.has_focus else "row-table--cursor-blurred"
                strip = strip.apply_style(self.get_component_rich_style(name))
            strip = strip.apply_style(self.rich_style)
            self._strips[key] = strip
        return strip

    def _heading(self, columns: list[Column], width: int) -> Strip:
        style = self.get_component_rich_style("row-table--header")
        arrow = "▼" if self.model.reverse else "▲"
        segments = [Segment(" " * self.MARKER, style)]
        for column in columns:
            text = column.heading
            if column.name == self.model.sort_column:
                text = f"{text}{arrow}"
            segments.append(Segment(cell(text, column), style))
            segments.append(Segment(" " * GAP, style))
        return Strip(segments).adjust_cell_length(width, style)

    def _empty_line(self, width: int) -> Strip:
        style = self.get_component_rich_style("row-table--muted")
        text = self.empty_text()
        return Strip([Segment(" " + fit(text, width - 1), style)]).adjust_cell_length(width)

    def cells(
        self, columns: list[Column], values: dict[str, str], styles: dict[str, Style]
    ) -> list[Segment]:
        """Each column's value in its width, with its style, and the gaps between."""
        segments: list[Segment] = []
        for column in columns:
            segments.append(Segment(cell(values[column.name], column), styles.get(column.name)))
            segments.append(Segment(" " * GAP))
        return segments


__all__ = ["RowTable"]
