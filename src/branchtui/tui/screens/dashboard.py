"""1 概览: the year at a glance, painted first.

The summary is read before the first frame through the lean path `status` uses (plain
sqlite3: SQLModel is not imported yet); later reloads (another year, someone's change)
run in a worker. `enter` on a line of the attention list opens its record: an item on
the plan screen; checklist periods and members on their screens.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from branchtui.domain.item_rules import STATUSES
from branchtui.domain.workspace import Changed
from branchtui.i18n import t
from branchtui.tui import overview
from branchtui.tui.messages import SummaryLoaded
from branchtui.tui.screens.base import BranchScreen, branch_app

# Where each kind of attention line leads.
_MODES = {"period": "checklists", "member": "members"}


class AttentionList(OptionList):
    """What needs doing; `enter` opens the line's record."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "key.open", id="dash.open"),
        Binding("down,j", "cursor_down", "key.down", show=False, id="dash.down"),
        Binding("up,k", "cursor_up", "key.up", show=False, id="dash.up"),
    ]


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
        # The first frame's data, read here so that it is painted with the first frame.
        self.summary: Any = self.ws.summary(self.year)
        self.labels: dict[int, Any] = {}

    def compose_body(self) -> Iterable[Widget]:
        with Vertical(id="dash"):
            yield Static(id="dash-headline")
            yield Static(id="dash-status")
            yield Static(id="dash-checklists")
            yield Static(id="dash-members")
            yield AttentionList(id="attention")

    def on_mount(self) -> None:
        self.watch(branch_app(self), "year", self._year_changed, init=False)
        self.show_summary()
        if overview.needs_labels(self.summary):
            self.load()

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
        """Read the summary (and, while the summary lists overdue items by id only, their
        labels) in a thread."""
        year = self.year
        summary = self.ws.summary(year)
        if overview.needs_labels(summary):
            self.labels = {row.id: row for row in self.ws.plan_rows(year)}
        self.post_message(SummaryLoaded(year, summary))

    def on_summary_loaded(self, message: SummaryLoaded) -> None:
        if message.year == self.year:
            self.summary = message.summary
            self.show_summary()

    # -- showing ----------------------------------------------------------------------------
    def _styles(self) -> overview.Styles:
        styles = overview.Styles(
            overdue=self.get_component_rich_style("dash--overdue"),
            muted=self.get_component_rich_style("dash--muted"),
            bar=self.get_component_rich_style("dash--bar"),
        )
        for code in STATUSES:
            styles[f"status-{code}"] = self.get_component_rich_style(f"dash--status-{code}")
        return styles

    def show_summary(self) -> None:
        """Paint the summary at the screen's width."""
        if not self.is_mounted:
            return
        summary = self.summary
        width = max(40, (self.size.width or self.app.size.width) - 2)
        styles = self._styles()
        plan = Text(t("tui.dash.plan", year=summary.year) + "  ", style="bold")
        self.query_one("#dash-headline", Static).update(
            Text.assemble(plan, overview.headline(summary, width - plan.cell_len, styles))
        )
        self.query_one("#dash-status", Static).update(overview.status_counts(summary, styles))
        checklists = overview.checklist_lines(summary, width, styles)
        self.query_one("#dash-checklists", Static).update(Text("\n").join(checklists))
        self.query_one("#dash-members", Static).update(overview.members_line(summary))
        attention = self.query_one(AttentionList)
        highlighted = attention.highlighted
        attention.clear_options()
        attention.add_options(
            Option(line.text, id=f"{line.kind}:{line.target}", disabled=line.target is None)
            for line in overview.attention(summary, self.labels, width - 2, styles)
        )
        if attention.option_count:
            attention.highlighted = _first_enabled(attention, highlighted)

    async def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        kind, _sep, target = (event.option.id or "").partition(":")
        if kind == "item" and target.isdigit():
            await branch_app(self).open_item(int(target))
        elif kind in _MODES:
            await branch_app(self).switch_mode(_MODES[kind])


def _first_enabled(options: OptionList, wanted: int | None) -> int | None:
    """`wanted` when it is a line that opens something, else the first such line."""
    count = options.option_count
    if wanted is not None and wanted < count and not options.get_option_at_index(wanted).disabled:
        return wanted
    for index in range(count):
        if not options.get_option_at_index(index).disabled:
            return index
    return None


__all__ = ["DashboardScreen"]
