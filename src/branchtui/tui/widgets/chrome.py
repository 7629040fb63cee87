"""What every screen has around its body: the header (branch, year, user, where you are),
the read-only banner with its reason, and the key bar of the keys that work now."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Static

from branchtui.display import cell_width, safe
from branchtui.i18n import t
from branchtui.tui.keys import live_keys

if TYPE_CHECKING:
    from branchtui.tui.app import BranchApp


class BranchHeader(Widget):
    """One line: the branch, the plan year, the user; the screen's title on the right.

    Drawn by `render` at whatever width it has (no re-layout when the year changes)."""

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title = title

    def on_mount(self) -> None:
        self.watch(self.app, "year", self._year_changed, init=False)

    def _year_changed(self, _year: int) -> None:
        self.refresh()

    def show_title(self, title: str) -> None:
        """A new title on the right (an item's once it is read)."""
        self.title = title
        self.refresh()

    def render(self) -> Text:
        app = cast("BranchApp", self.app)
        left = Text.assemble(
            (" " + safe(app.ws.branch_name), "bold"),
            " · " + t("tui.header.year", year=app.year) + " · ",
            (safe(app.ws.user), "italic"),
        )
        right = Text(self.title + " ", style="bold")
        room = self.size.width - cell_width(left.plain) - cell_width(right.plain)
        return Text.assemble(left, " " * max(1, room), right)


class ReadOnlyBanner(Static):
    """On a read-only branch only: why edits are refused."""

    def __init__(self, reason: str) -> None:
        super().__init__(Text(" " + t("tui.read_only", reason=safe(reason))))


class KeyBar(Widget):
    """The keys that work now on this screen (what `check_action` allows), one line."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {"key-bar--key"}

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[object]) -> None:
        if screen.is_current:
            self.refresh()

    def render(self) -> Text:
        text = Text(no_wrap=True, overflow="ellipsis")
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        width = self.size.width
        for key in live_keys(self.app, self.screen):
            if not (key.enabled and key.shown):
                continue
            part = f" {key.keys} {key.description} "
            if cell_width(text.plain) + cell_width(part) > width:
                break
            text.append(f" {key.keys} ", style=key_style)
            text.append(f"{key.description} ")
        return text


__all__ = ["BranchHeader", "KeyBar", "ReadOnlyBanner"]
