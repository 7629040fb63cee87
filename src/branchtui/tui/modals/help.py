"""`?`: every key of the screen behind, read from its live bindings (never a kept list)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from branchtui.display import cell_width, safe
from branchtui.i18n import t
from branchtui.tui.keys import live_keys

if TYPE_CHECKING:
    from branchtui.tui.app import BranchApp

KEY_COLUMN = 8  # cells for the keys, then the description
CELL_WIDTH = 37  # one column of the two


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
        title = getattr(self.behind, "title_text", "")
        with Vertical(classes="dialog help"):
            yield Static(Text(t("tui.help.title", screen=title), style="bold"))
            with VerticalScroll():
                yield Static(self._keys(), classes="help-keys")
            if app.read_only is not None:
                yield Static(Text(t("tui.read_only", reason=safe(app.read_only))), classes="note")
            yield Static(Text(t("tui.help.keys"), style="dim"))

    def _keys(self) -> Text:
        """The keys in two columns (one when the terminal is narrow), the screen's first."""
        cells = []
        for key in live_keys(self.app, self.behind):
            cell = Text(" " + key.keys + " " * max(1, KEY_COLUMN - cell_width(key.keys)))
            cell.stylize("bold" if key.enabled else "dim")
            cell.append(key.description, style="" if key.enabled else "dim")
            if not key.enabled:
                cell.append(" " + t("tui.help.not_now"), style="dim italic")
            cells.append(cell)
        columns = 2 if self.app.size.width >= 2 * CELL_WIDTH + 4 else 1
        rows = (len(cells) + columns - 1) // columns
        lines = Text()
        for row in range(rows):
            for column in range(columns):
                index = column * rows + row
                if index >= len(cells):
                    continue
                cell = cells[index]
                if column < columns - 1:
                    cell.truncate(CELL_WIDTH, overflow="ellipsis", pad=True)
                lines.append_text(cell)
            lines.append("\n")
        return lines

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)


__all__ = ["HelpModal"]
