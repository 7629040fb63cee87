"""3 责任清单, 4 党员, 5 三会一课: not in the app yet; until they are, their modes say so
and point to the commands that do the work today."""

from __future__ import annotations

from collections.abc import Iterable

from rich.text import Text
from textual.widget import Widget
from textual.widgets import Static

from branchtui.i18n import t
from branchtui.tui.screens.base import BranchScreen


class LaterScreen(BranchScreen):
    """A mode whose screen comes in a later version."""

    def __init__(self, area: str) -> None:
        super().__init__()
        self._area = area

    @property
    def area(self) -> str:
        return self._area

    def compose_body(self) -> Iterable[Widget]:
        note = Text(t("tui.later", area=self.title_text) + "\n\n", style="bold")
        note.append(t(f"tui.later.{self.area}"))
        yield Static(note, classes="later")


__all__ = ["LaterScreen"]
