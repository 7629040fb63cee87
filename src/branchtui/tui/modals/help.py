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

KEY_COLUMN = 14


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
        lines = Text()
        for key in live_keys(self.app, self.behind):
            shown = key.keys + " " * max(1, KEY_COLUMN - cell_width(key.keys))
            lines.append(" " + shown, style="bold" if key.enabled else "dim")
            lines.append(key.description, style="" if key.enabled else "dim")
            if not key.enabled:
                lines.append("  " + t("tui.help.not_now"), style="dim italic")
            lines.append("\n")
        with Vertical(classes="dialog help"):
            yield Static(Text(t("tui.help.title", screen=title), style="bold"))
            with VerticalScroll():
                yield Static(lines)
            if app.read_only is not None:
                yield Static(Text(t("tui.read_only", reason=safe(app.read_only))), classes="note")
            yield Static(Text(t("tui.help.keys"), style="dim"))

    def action_close(self) -> None:
        """Back to the screen."""
        self.dismiss(None)


__all__ = ["HelpModal"]
