"""Asking for a file's path (where to export, which plan document to import)."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from branchtui.i18n import t


class PathModal(ModalScreen[Path | None]):
    """`question`, a path typed (starting from `default`); `enter` takes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "key.form.cancel", id="path.cancel"),
    ]

    def __init__(self, question: str, default: str = "") -> None:
        super().__init__()
        self.question = question
        self.default = default

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question, style="bold"))
            yield Input(self.default, id="path", compact=True)
            yield Static(classes="form-error")
            yield Static(Text(t("tui.path.keys"), style="dim"))

    def on_mount(self) -> None:
        self.query_one(".form-error", Static).display = False
        self.query_one(Input).focus()

    @on(Input.Submitted)
    def _take(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            error = self.query_one(".form-error", Static)
            error.update(Text(t("tui.path.empty")))
            error.display = True
            return
        self.dismiss(Path(text).expanduser())

    def action_cancel(self) -> None:
        """No file."""
        self.dismiss(None)


__all__ = ["PathModal"]
