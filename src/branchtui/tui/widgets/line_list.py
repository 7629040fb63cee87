"""A list of prepared lines with a cursor on the ones that open something: the dashboard's
attention list. Line API (only the visible lines are cut into strips), so it stays cheap on
the first frame, unlike a widget per line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip


class LineList(ScrollView, can_focus=True, inherit_bindings=False):
    """Lines of text; `targets[i]` is what line i opens (None: a heading or a note)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "key.open", id="list.open"),
        Binding("down,j", "move(1)", "key.down", show=False, id="list.down"),
        Binding("up,k", "move(-1)", "key.up", show=False, id="list.up"),
        Binding("pageup", "page(-1)", "key.page_up", show=False, id="list.page_up"),
        Binding("pagedown", "page(1)", "key.page_down", show=False, id="list.page_down"),
        Binding("home,g", "jump(1)", "key.first", show=False, id="list.first"),
        Binding("end,G", "jump(-1)", "key.last", show=False, id="list.last"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"line-list--cursor"}
    DEFAULT_CSS = """
    LineList {
        scrollbar-size-vertical: 1;
        overflow-x: hidden;
        & > .line-list--cursor { background: $block-cursor-background; }
    }
    """

    class Selected(Message):
        """`enter` on a line that opens something."""

        def __init__(self, target: str) -> None:
            super().__init__()
            self.target = target

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[Text] = []
        self.targets: list[str | None] = []
        self.cursor: int | None = None
        # Strips by line, width and highlight: start-up lays the screen out several times.
        self._strips: LRUCache[tuple[int, int, bool], Strip] = LRUCache(maxsize=256)

    def show(self, lines: Sequence[Text], targets: Sequence[str | None]) -> None:
        """New lines; the cursor stays on the same target when it is still there, else on
        the line that took its place (the next one after a deletion), and in sight."""
        was = self.cursor
        keep = self.targets[was] if was is not None else None
        self.lines, self.targets = list(lines), list(targets)
        self._strips.clear()
        self.virtual_size = Size(self.size.width, len(self.lines))
        if keep is not None and keep in self.targets:
            self.cursor = self.targets.index(keep)
        else:
            self.cursor = self._openable(min(was or 0, len(self.lines) - 1), 1)
            if self.cursor is None:
                self.cursor = self._openable(len(self.lines) - 1, -1)
        if self.cursor is not None:
            self.scroll_to_region_of(self.cursor)
        self.refresh()

    def _openable(self, start: int, step: int) -> int | None:
        """The first line from `start` on (going by `step`) that opens something."""
        index = start
        while 0 <= index < len(self.lines):
            if self.targets[index] is not None:
                return index
            index += step
        return None

    def action_page(self, pages: int) -> None:
        """A screenful up or down."""
        if self.cursor is None:
            return
        step = 1 if pages > 0 else -1
        index = max(0, min(len(self.lines) - 1, self.cursor + pages * max(1, self.size.height)))
        found = self._openable(index, -step) if 0 <= index < len(self.lines) else None
        self._put(found if found is not None else self._openable(index, step))

    def action_jump(self, end: int) -> None:
        """To the first (1) or the last (-1) line that opens something."""
        self._put(self._openable(0, 1) if end > 0 else self._openable(len(self.lines) - 1, -1))

    def _put(self, index: int | None) -> None:
        if index is not None:
            self.cursor = index
            self.scroll_to_region_of(index)
            self.refresh()

    def action_move(self, step: int) -> None:
        """To the next line (up or down) that opens something."""
        if self.cursor is None:
            return
        index = self.cursor + step
        while 0 <= index < len(self.lines) and self.targets[index] is None:
            index += step
        if 0 <= index < len(self.lines):
            self._put(index)

    def scroll_to_region_of(self, index: int) -> None:
        top = round(self.scroll_y)
        if index < top:
            self.scroll_to(y=index, animate=False, immediate=True)
        elif index >= top + self.size.height:
            self.scroll_to(y=index - self.size.height + 1, animate=False, immediate=True)

    def action_select(self) -> None:
        """Open the line under the cursor."""
        if self.cursor is not None and self.targets[self.cursor] is not None:
            self.post_message(self.Selected(str(self.targets[self.cursor])))

    def on_click(self, event: events.Click) -> None:
        index = round(self.scroll_y) + event.y
        if 0 <= index < len(self.lines) and self.targets[index] is not None:
            self.cursor = index
            self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = round(self.scroll_y) + y
        if index >= len(self.lines):
            return Strip.blank(width, self.rich_style)
        selected = index == self.cursor and self.has_focus
        key = (index, width, selected)
        strip = self._strips.get(key)
        if strip is None:
            segments = list(self.lines[index].render(self.app.console, end=""))
            strip = Strip(segments).adjust_cell_length(width)
            if selected:
                strip = strip.apply_style(self.get_component_rich_style("line-list--cursor"))
            strip = strip.apply_style(self.rich_style)
            self._strips[key] = strip
        return strip

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()


__all__ = ["LineList"]
