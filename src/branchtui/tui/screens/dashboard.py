"""1 概览: the year at a glance, painted first.

The summary is read before the first frame through the lean path `status` uses (plain
sqlite3: SQLModel is not imported yet); later reloads (another year, someone's change)
run in a worker. `enter` on a line of the attention list opens its record: an item on
the plan screen, a member's coming date that member on the members screen; checklist
periods on their screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.text import Text
from textual import work
from textual.widget import Widget

from branchtui.domain.item_rules import STATUSES
from branchtui.domain.summary import Summary
from branchtui.domain.workspace import Changed
from branchtui.i18n import t
from branchtui.tui import overview
from branchtui.tui.messages import SummaryLoaded
from branchtui.tui.screens.base import BranchScreen, branch_app
from branchtui.tui.widgets.line_list import LineList


class SummaryView(Widget):
    """The counters: `已完成 D/T` with the bar, each status, the checklists, the members.

    Drawn by `render` at its own width: nothing to redo when the terminal is resized."""

    def __init__(self, screen: DashboardScreen) -> None:
        super().__init__(id="dash-summary")
        self.owner = screen
        self._drawn: tuple[int, int, Text] | None = None  # summary, width, text

    def render(self) -> Text:
        summary = self.owner.summary
        width = max(40, self.size.width or self.app.size.width - 2)
        if self._drawn is not None and self._drawn[:2] == (id(summary), width):
            return self._drawn[2]  # start-up resizes the screen several times
        styles = self.owner.summary_styles()
        plan = Text(t("tui.dash.plan", year=summary.year) + "  ", style="bold")
        lines = [
            Text.assemble(plan, overview.headline(summary, width - plan.cell_len, styles)),
            overview.status_counts(summary, styles, width),
            Text(),
            *overview.checklist_lines(summary, width, styles),
            Text(),
            overview.members_line(summary, width),
        ]
        meetings = overview.meetings_line(summary, styles)
        if meetings is not None:
            lines[-2:-2] = [meetings]  # under the checklists
        text = Text("\n").join(lines)
        self._drawn = (id(summary), width, text)
        return text


class DashboardScreen(BranchScreen):
    """概览: plan completion, counts by status, checklists, members, and what is late."""

    AREA = "dashboard"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "dash--overdue",
        "dash--muted",
        "dash--bar",
        *(f"dash--status-{code}" for code in STATUSES),
    }

    def __init__(self) -> None:
        super().__init__()
        self.year = branch_app(self).year
        # The first frame's data: read before Textual was imported (tui/start.py), else
        # here; before the first frame either way.
        app = branch_app(self)
        first, app.first_summary = app.first_summary, None
        if first is None or first.year != self.year:
            first = self.ws.summary(self.year, limit=overview.SHOWN)
        self.summary: Summary = first
        self._shown: tuple[int, int] = (0, 0)  # what show_summary painted
        self._styles: tuple[str, overview.Styles] | None = None  # by theme

    def compose_body(self) -> Iterable[Widget]:
        yield SummaryView(self)
        yield LineList(id="attention")

    def on_mount(self) -> None:
        self.watch(branch_app(self), "year", self._year_changed, init=False)
        self.show_summary()

    def on_resize(self) -> None:
        self.show_summary()

    # -- data -------------------------------------------------------------------------------
    def _year_changed(self, year: int) -> None:
        self.year = year
        self.load()

    def apply_changes(self, changed: Changed) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """Read the summary in a thread."""
        year = self.year
        self.post_message(SummaryLoaded(year, self.ws.summary(year, limit=overview.SHOWN)))

    def on_summary_loaded(self, message: SummaryLoaded) -> None:
        if message.year == self.year:
            self.summary = message.summary
            self.show_summary()

    # -- showing ----------------------------------------------------------------------------
    def summary_styles(self) -> overview.Styles:
        """The theme's styles for the summary's parts (colour only: no background)."""
        if self._styles is not None and self._styles[0] == self.app.theme:
            return self._styles[1]
        styles = overview.Styles(
            overdue=self.get_component_rich_style("dash--overdue", partial=True),
            muted=self.get_component_rich_style("dash--muted", partial=True),
            bar=self.get_component_rich_style("dash--bar", partial=True),
        )
        for code in STATUSES:
            styles[f"status-{code}"] = self.get_component_rich_style(
                f"dash--status-{code}", partial=True
            )
        self._styles = (self.app.theme, styles)
        return styles

    def show_summary(self) -> None:
        """Paint the summary at the screen's width (once per summary and width)."""
        if not self.is_mounted:
            return
        summary = self.summary
        width = max(40, (self.size.width or self.app.size.width) - 2)
        if self._shown == (id(summary), width):
            return
        self._shown = (id(summary), width)
        self.query_one(SummaryView).refresh(layout=True)
        lines = overview.attention(summary, width - 2, self.summary_styles())
        targets = [_target(line) for line in lines]
        self.query_one(LineList).show([line.text for line in lines], targets)

    async def on_line_list_selected(self, event: LineList.Selected) -> None:
        kind, _sep, target = event.target.partition(":")
        if kind == "item" and target.isdigit():
            await branch_app(self).open_item(int(target))
        elif kind == "period":
            entry_id, _sep, period = target.partition(":")
            await branch_app(self).open_checklist_cell(int(entry_id), period)
        elif kind == "member" and target.isdigit():
            await branch_app(self).open_member(int(target))
        elif kind == "meetings":
            await branch_app(self).switch_mode("meetings")


def _target(line: overview.Attention) -> str | None:
    """What a line of the attention list opens, as `kind:id` (`period:entry:period`)."""
    if line.target is None:
        return None
    if line.period is not None:
        return f"{line.kind}:{line.target}:{line.period}"
    return f"{line.kind}:{line.target}"


__all__ = ["DashboardScreen", "SummaryView"]
