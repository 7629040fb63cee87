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
        """New lines; the cursor stays on the same target when it is still there."""
        keep = self.targets[self.cursor] if self.cursor is not None else None
        self.lines, self.targets = list(lines), list(targets)
        self._strips.clear()
        if keep is not None and keep in self.targets:
            self.cursor = self.targets.index(keep)
        else:
            self.cursor = next((i for i, x in enumerate(self.targets) if x is not None), None)
        self.virtual_size = Size(self.size.width, len(self.lines))
        self.refresh()

    def action_move(self, step: int) -> None:
        """To the next line (up or down) that opens something."""
        if self.cursor is None:
            return
        index = self.cursor + step
        while 0 <= index < len(self.lines) and self.targets[index] is None:
            index += step
        if 0 <= index < len(self.lines):
            self.cursor = index
            self.scroll_to_region_of(index)
            self.refresh()

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
