"""A yes/no question (delete this? close the open steps too?), answered by key."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from branchtui.i18n import t


class ConfirmModal(ModalScreen[bool]):
    """Asks `question` (plain text: it may quote user text), with `details` under it
    (what an import would create); True for yes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "key.yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "key.no", id="confirm.no"),
    ]

    def __init__(
        self, question: str, *, details: Text | None = None, yes: str | None = None
    ) -> None:
        super().__init__()
        self.question = question
        self.details = details
        self.yes = yes or t("tui.confirm.yes")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-text")
            if self.details is not None:
                with VerticalScroll(classes="dialog-details"):
                    yield Static(self.details)
            yield Static(
                Text(t("tui.confirm.keys", yes=self.yes), style="bold"), classes="dialog-keys"
            )

    def action_answer(self, answer: bool) -> None:
        """Close with the answer."""
        self.dismiss(answer)


__all__ = ["ConfirmModal"]
