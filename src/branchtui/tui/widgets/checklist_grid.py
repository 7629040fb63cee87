"""The checklist grid: entries × periods with a cursor on one cell; a line-API widget
that cuts a `Strip` only for the lines on screen (cached by line, width and cursor), so a
tick redraws at once.

The model (`grid_model.GridModel`) knows the lines, the cells and the cursor's moves; this
draws them. User text goes into Segments as data, never through markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from branchtui.display import cell_width, fit, pad, safe
from branchtui.domain.checklist_year import ChecklistView, PeriodView
from branchtui.i18n import t
from branchtui.tui.widgets.grid_model import (
    LAYOUTS,
    STATES,
    SYMBOLS,
    Columns,
    GridModel,
    Line,
    cell_state,
    fit_columns,
    heading_labels,
    span,
)


class ChecklistGrid(ScrollView, can_focus=True, inherit_bindings=False):
    """One checklist's entries × periods, with a cell cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "rows(-1)", "key.up", show=False, id="grid.up"),
        Binding("down,j", "rows(1)", "key.down", show=False, id="grid.down"),
        Binding("left,h", "columns(-1)", "key.grid.left", show=False, id="grid.left"),
        Binding("right,l", "columns(1)", "key.grid.right", show=False, id="grid.right"),
        Binding("home", "jump(0)", "key.grid.first_period", show=False, id="grid.first"),
        Binding("end", "jump(1)", "key.grid.last_period", show=False, id="grid.last"),
        Binding("pageup", "page(-1)", "key.page_up", show=False, id="grid.page_up"),
        Binding("pagedown", "page(1)", "key.page_down", show=False, id="grid.page_down"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "checklist-grid--header",
        "checklist-grid--row",
        "checklist-grid--cursor",
        "checklist-grid--cursor-blurred",
        "checklist-grid--muted",
        *(f"checklist-grid--{state}" for state in STATES),
    }
    DEFAULT_CSS = """
    ChecklistGrid {
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        overflow-y: auto;
        & > .checklist-grid--header { text-style: bold; background: $panel; }
        & > .checklist-grid--row { background: $boost; }
        & > .checklist-grid--cursor {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: bold;
        }
        & > .checklist-grid--cursor-blurred { background: $block-cursor-blurred-background; }
        & > .checklist-grid--muted { color: $text-muted; }
        & > .checklist-grid--done { color: $success; text-style: bold; }
        & > .checklist-grid--due { color: $warning; text-style: bold; }
        & > .checklist-grid--overdue { color: $error; text-style: bold; }
        & > .checklist-grid--not_yet { color: $text-muted; }
        & > .checklist-grid--not_counted { color: $text-muted; }
    }
    """

    class CursorMoved(Message):
        """The cursor is on another cell (or the checklist changed)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = GridModel()
        self.loaded = False
        self._generation = 0
        self._columns: tuple[tuple[int, int], Columns] | None = None
        self._strips: LRUCache[tuple[object, ...], Strip] = LRUCache(maxsize=256)

    # -- data -------------------------------------------------------------------------------
    def show(self, view: ChecklistView | None) -> None:
        """A checklist (or none); the cursor stays on its cell when it can."""
        self.model.load(view)
        self.loaded = True
        self._changed()
        self.cursor_moved()

    def replace_cell(self, entry_id: int, cell: PeriodView) -> None:
        """One cell as this app just wrote it: redrawn now, without a reload."""
        if self.model.replace_cell(entry_id, cell):
            self._strips.clear()
            self.refresh()
            self.post_message(self.CursorMoved())

    def _changed(self) -> None:
        self._generation += 1
        self._strips.clear()
        self._columns = None
        self.virtual_size = Size(self.size.width, max(1, len(self.model.lines)))
        self.refresh()

    # -- the cursor -------------------------------------------------------------------------
    def cursor_moved(self) -> None:
        """Scroll to the cursor and redraw (after the model's cursor was set)."""
        line = self.model.cursor_line
        top = round(self.scroll_y)
        height = max(1, self.size.height)
        if line - 1 < top:  # its group's heading too, when it is just above
            top = max(0, line - 1)
        elif line >= top + height:
            top = line - height + 1
        self.scroll_to(y=top, animate=False, immediate=True)
        self._strips.clear()
        self.refresh()
        self.post_message(self.CursorMoved())

    def action_rows(self, delta: int) -> None:
        """An entry up or down."""
        self.model.move_rows(delta)
        self.cursor_moved()

    def action_columns(self, delta: int) -> None:
        """A period left or right."""
        self.model.move_columns(delta)
        self.cursor_moved()

    def action_jump(self, last: int) -> None:
        """The entry's first or last period."""
        self.model.jump(bool(last))
        self.cursor_moved()

    def action_page(self, direction: int) -> None:
        """A page of entries up or down."""
        self.model.move_rows(direction * max(1, self.size.height - 2))
        self.cursor_moved()

    def select(self, entry_id: int, period: str) -> bool:
        """The cursor on a cell; False when the checklist shown has no such cell."""
        found = self.model.select(entry_id, period)
        if found:
            self.cursor_moved()
        return found

    def on_click(self, event: events.Click) -> None:
        """A click puts the cursor on that entry (and period)."""
        index = round(self.scroll_y) + event.y
        if not 0 <= index < len(self.model.lines):
            return
        line = self.model.lines[index]
        if line.entry is None:
            return
        columns = self._fit()
        slot = (event.x - (self._area_start(columns))) // columns.slot + 1
        self.model.row = line.index
        self.model.month = max(1, min(12, slot))
        self.model.move_rows(0)
        self.cursor_moved()

    def on_resize(self) -> None:
        self._changed()
        self.cursor_moved()

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
    def _fit(self) -> Columns:
        width = self.scrollable_content_region.width
        key = (width, self._generation)
        if self._columns is None or self._columns[0] != key:
            self._columns = (key, fit_columns(width, tuple(self.model.entries)))
        return self._columns[1]

    @staticmethod
    def _area_start(columns: Columns) -> int:
        start = 1 + columns.number + 1 + columns.title + 2
        return start + (columns.owner + 2 if columns.owner else 0)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        lines = self.model.lines
        if index >= len(lines):
            if index == 0 and self.loaded:
                return self._empty_line(width)
            return Strip.blank(width, self.rich_style)
        line = lines[index]
        on_cursor = line.entry is not None and line.index == self.model.row
        column = self.model.column if on_cursor else -1
        key = (index, width, column, self.has_focus, self._generation, id(line.entry))
        strip = self._strips.get(key)
        if strip is None:
            columns = self._fit()
            if line.entry is None:
                strip = self._heading(line, columns, width)
            else:
                strip = self._entry(line, columns, width, column)
            self._strips[key] = strip
        return strip

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"checklist-grid--{name}", partial=True)

    def _empty_line(self, width: int) -> Strip:
        view = self.model.view
        text = t("tui_checklists.no_entries") if view is not None else ""
        return Strip(
            [Segment(" " + fit(text, width - 1), self._style("muted"))]
        ).adjust_cell_length(width, self.rich_style)

    def _heading(self, line: Line, columns: Columns, width: int) -> Strip:
        style = self.get_component_rich_style("checklist-grid--header")
        year = self.model.view.year if self.model.view else 0
        text = " " + " " * columns.number + " "
        text += pad(t(f"tui_checklists.group.{LAYOUTS[line.layout][-1]}"), columns.title)
        if columns.owner:
            text += "  " + pad(t("checklist.col.owner"), columns.owner)
        text += "  "
        for first, last, label in heading_labels(line.layout, year, columns.compact):
            text += _centre(label, (last - first + 1) * columns.slot)
        return Strip([Segment(text, style)]).adjust_cell_length(width, style)

    def _entry(self, line: Line, columns: Columns, width: int, column: int) -> Strip:
        entry = line.entry
        assert entry is not None and self.model.view is not None
        starts_on = self.model.view.starts_on
        row_style = self.get_component_rich_style("checklist-grid--row") if column >= 0 else None
        segments = [
            Segment(" " + str(entry.position).rjust(columns.number) + " "),
            Segment(pad(safe(entry.title), columns.title)),
        ]
        if columns.owner:
            segments.append(Segment("  " + pad(safe(entry.owner or ""), columns.owner)))
        segments.append(Segment("  "))
        at = 1
        for index, cell in enumerate(entry.periods):
            first, last = span(entry, index)
            if first > at:
                segments.append(Segment(" " * ((first - at) * columns.slot)))
            state = cell_state(cell, starts_on)
            text = _centre(SYMBOLS[state], (last - first + 1) * columns.slot)
            style = self._style(state)
            if index == column:
                name = "cursor" if self.has_focus else "cursor-blurred"
                style = style + self.get_component_rich_style(f"checklist-grid--{name}")
            segments.append(Segment(text, style))
            at = last + 1
        strip = Strip(segments).adjust_cell_length(width)
        if row_style is not None:
            strip = strip.apply_style(row_style)
        return strip.apply_style(self.rich_style)


def _centre(text: str, width: int) -> str:
    free = max(0, width - cell_width(text))
    return " " * (free // 2) + text + " " * (free - free // 2)


__all__ = ["ChecklistGrid"]
