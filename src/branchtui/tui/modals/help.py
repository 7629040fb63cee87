"""`?`: every key of the screen behind, read from its live bindings (never a kept list)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from branchtui.display import safe
from branchtui.i18n import t
from branchtui.tui.keys import live_keys

if TYPE_CHECKING:
    from branchtui.tui.app import BranchApp

CELL_WIDTH = 37  # one column of the two, at least


class HelpModal(ModalScreen[None]):
    """The keys of `screen`: what each does, and which do nothing now (and why)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark,q", "close", "key.close", id="help.close"),
    ]

    def __init__(self, screen: Screen[Any]) -> None:
        super().__init__()
        self.behind = screen

    def compose(self) -> ComposeResult:
        app = cast("BranchApp", self.app)
        # A record's screen by what it is ("党员详情"), not by the header's id.
        title = getattr(self.behind, "help_name", "") or getattr(self.behind, "title_text", "")
        with Vertical(classes="dialog help"):
            yield Static(Text(t("tui.help.title", screen=title), style="bold"))
            with VerticalScroll():
                yield Static(self._keys(), classes="help-keys")
            if app.read_only is not None:
                yield Static(Text(t("tui.read_only", reason=safe(app.read_only))), classes="note")
            yield Static(Text(t("tui.help.keys"), style="dim"))

    def _keys(self) -> Table:
        """The keys in two columns (one when the terminal is narrow), the screen's first;
        a long description wraps under itself rather than being cut."""
        cells: list[tuple[Text, Text]] = []
        for key in live_keys(self.app, self.behind):
            keys = Text(key.keys, style="bold" if key.enabled else "dim")
            description = Text(key.description, style="" if key.enabled else "dim")
            if not key.enabled:
                description.append(" " + t("tui.help.not_now"), style="dim italic")
            cells.append((keys, description))
        columns = 2 if self.app.size.width >= 2 * CELL_WIDTH + 4 else 1
        grid = Table.grid(expand=True, padding=(0, 0, 0, 1))
        for _column in range(columns):
            grid.add_column(no_wrap=True)
            grid.add_column(ratio=1)
        rows = (len(cells) + columns - 1) // columns
        for row in range(rows):
            line: list[Text] = []
            for column in range(columns):
                index = column * rows + row
                line.extend(cells[index] if index < len(cells) else (Text(), Text()))
            grid.add_row(*line)
        return grid

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)


__all__ = ["HelpModal"]
