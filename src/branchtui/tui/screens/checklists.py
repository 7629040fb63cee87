"""3 责任清单: the year's checklists, one at a time, as a grid of entries × periods.

The checklists come from `Workspace.checklists` (plain SQL): read when the screen is
built, so its first frame shows them, and again in a worker when anyone commits. `space`
ticks or unticks the cell under the cursor, based on what the cell showed (`CheckSeen`:
someone else's tick meanwhile is a conflict naming them); the cell is redrawn from the
write's answer at once and the change feed reloads the grid behind it, keeping the
cursor. `enter` gives the cell's evidence; `n` a new checklist, `a`/`e`/`d` entries,
`K`/`J` move one; `tab` goes to the next checklist of the year.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from branchtui.display import fit, safe
from branchtui.domain.checks import CheckSeen
from branchtui.domain.workspace import Changed
from branchtui.i18n import t
from branchtui.tui import checklist_text
from branchtui.tui.messages import CellWritten, ChecklistsLoaded, Wrote
from branchtui.tui.screens.base import BranchScreen, branch_app, written_messages
from branchtui.tui.versions import Cells
from branchtui.tui.widgets.checklist_grid import ChecklistGrid
from branchtui.tui.widgets.grid_model import STATES, layout_of

if TYPE_CHECKING:
    from branchtui.domain.checklist_year import ChecklistView, EntryView, PeriodView

QUOTED = 24  # cells of a title quoted in a question or a notification
# Actions that need an entry (and a cell) under the cursor.
_ON_ENTRY = frozenset({"tick", "evidence", "edit_entry", "delete_entry", "move_entry"})
# Actions that need a checklist shown.
_ON_CHECKLIST = frozenset({"add_entry", "switch"})


class ChecklistScreen(BranchScreen):
    """责任清单: one checklist's grid, what its cell under the cursor says, the keys."""

    AREA = "checklists"
    # DEFAULT_CSS rather than a .tcss beside it: a screen's CSS_PATH makes Textual parse
    # every stylesheet again when the screen first opens (~20 ms of switching to it).
    DEFAULT_CSS = """
    ChecklistScreen {
        #checklist-tabs { height: 1; background: $panel; }
        #checklist-grid { height: 1fr; }
        #cell-entry, #cell-state, #cell-evidence, #grid-legend {
            height: 1;
            padding: 0 1;
            text-wrap: nowrap;
            text-overflow: ellipsis;
        }
        & > .checklists--chosen { background: $primary; color: $text; text-style: bold; }
        & > .checklists--done { color: $success; text-style: bold; }
        & > .checklists--due { color: $warning; text-style: bold; }
        & > .checklists--overdue { color: $error; text-style: bold; }
        & > .checklists--not_yet { color: $text-muted; }
        & > .checklists--not_counted { color: $text-muted; }
    }
    """
    AUTO_FOCUS = "#checklist-grid"
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "checklists--chosen",
        *(f"checklists--{state}" for state in STATES),
    }
    EDITS: ClassVar[frozenset[str]] = frozenset(
        {
            "tick",
            "evidence",
            "new_checklist",
            "add_entry",
            "edit_entry",
            "delete_entry",
            "move_entry",
        }
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "key.checklists.tick", id="checklists.tick"),
        Binding("enter", "evidence", "key.checklists.evidence", id="checklists.evidence"),
        Binding("n", "new_checklist", "key.checklists.new", id="checklists.new"),
        Binding("a", "add_entry", "key.checklists.add", id="checklists.add"),
        Binding("e", "edit_entry", "key.checklists.edit", id="checklists.edit"),
        Binding("d", "delete_entry", "key.checklists.delete", show=False, id="checklists.delete"),
        Binding(
            "shift+up,K", "move_entry(-1)", "key.checklists.up", show=False, id="checklists.up"
        ),
        Binding(
            "shift+down,J", "move_entry(1)", "key.checklists.down", show=False, id="checklists.down"
        ),
        Binding("tab,greater_than_sign", "switch(1)", "key.checklists.next", id="checklists.next"),
        Binding(
            "shift+tab,less_than_sign",
            "switch(-1)",
            "key.checklists.previous",
            show=False,
            id="checklists.previous",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year = branch_app(self).year
        # Read now (plain SQL, a few ms at SPEC §9's size): the first frame shows them.
        self.views: list[ChecklistView] = self.ws.checklists(self.year)
        self.current = 0
        self.started = False  # the cursor was put on the first entry's current period
        # a cell to show once loaded (an entry's, at the cursor's place in the year: None)
        self.pending: tuple[int, str | None] | None = None
        self.wanted: int | None = None  # a checklist to show once loaded (just created)
        self.cells = Cells()

    def compose_body(self) -> Iterable[Widget]:
        yield Static(id="checklist-tabs")
        yield ChecklistGrid(id="checklist-grid")
        yield Static(id="cell-entry")
        yield Static(id="cell-state")
        yield Static(id="cell-evidence")
        yield Static(id="grid-legend")

    @property
    def grid(self) -> ChecklistGrid:
        """The grid."""
        return self.query_one(ChecklistGrid)

    @property
    def view(self) -> ChecklistView | None:
        """The checklist shown."""
        return self.views[self.current] if 0 <= self.current < len(self.views) else None

    def on_mount(self) -> None:
        self.grid.focus()
        self.watch(branch_app(self), "year", self._year_changed, init=False)
        self._show(start=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if not self.is_mounted:
            return super().check_action(action, parameters)
        if action in _ON_ENTRY and self.grid.model.cell is None:
            return None
        if action in _ON_CHECKLIST and self.view is None:
            return None
        if action == "switch" and len(self.views) < 2:
            return None
        return super().check_action(action, parameters)

    # -- loading ----------------------------------------------------------------------------
    def _year_changed(self, year: int) -> None:
        self.year = year
        self.started = False
        self.grid.loading = True
        self.load()

    def apply_changes(self, changed: Changed) -> None:
        if changed.touches("checklist", "checklist_entry", "checklist_check"):
            self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """Read the year's checklists in a thread."""
        year, written = self.year, self.cells.written
        self.post_message(ChecklistsLoaded(year, self.ws.checklists(year), written))

    def on_checklists_loaded(self, message: ChecklistsLoaded) -> None:
        if message.year != self.year:
            return
        self.cells.forget_before(message.written)
        keep = self.view.id if self.view is not None else None
        start = not self.started
        if self.wanted is not None:
            keep, start, self.wanted = self.wanted, True, None
        self.views = message.views
        ids = [view.id for view in self.views]
        self.current = ids.index(keep) if keep in ids else min(self.current, len(ids) - 1)
        self.current = max(0, self.current)
        self._show(start=start)

    def _show(self, *, start: bool = False) -> None:
        """The current checklist in the grid; the cursor on the first entry's current
        period when `start`, on a pending cell when one is asked for."""
        grid = self.grid
        grid.loading = False
        if self.pending is not None:
            entry_id, _period = self.pending
            found = next(
                (i for i, v in enumerate(self.views) if any(e.id == entry_id for e in v.entries)),
                None,
            )
            if found is not None:
                self.current = found
        grid.show(self.view)
        if start and self.view is not None:
            grid.model.start(self.ws.today)
            self.started = True
        if self.pending is not None:
            entry_id, period = self.pending
            if period is None:
                grid.model.select_entry(entry_id)
            else:
                grid.model.select(entry_id, period)
            self.pending = None
        grid.cursor_moved()
        self._show_tabs()
        self._show_cell()
        self.refresh_bindings()

    def show_cell(self, entry_id: int, period: str) -> None:
        """The cursor on an entry's period (the dashboard's link), once loaded."""
        self.pending = (entry_id, period)
        self.started = True
        if self.views:
            self._show()

    # -- what is shown around the grid ------------------------------------------------------
    def _styles(self) -> dict[str, Style]:
        return {
            state: self.get_component_rich_style(f"checklists--{state}", partial=True)
            for state in STATES
        }

    def _show_tabs(self) -> None:
        chosen = self.get_component_rich_style("checklists--chosen", partial=True)
        width = max(20, self.size.width or self.app.size.width)
        text = checklist_text.tabs_line(self.views, self.current, width, chosen)
        self.query_one("#checklist-tabs", Static).update(text)

    def _show_cell(self) -> None:
        width = max(20, (self.size.width or self.app.size.width) - 2)
        model = self.grid.model
        entry, cell, view = model.entry, model.cell, self.view
        entry_text = state_text = evidence_text = Text()
        if view is None:
            state_text = Text(t("tui_checklists.none", year=self.year), style="dim")
        elif entry is None or cell is None:
            state_text = Text(t("tui_checklists.no_entries"), style="dim")
        else:
            styles = self._styles()
            entry_text = checklist_text.entry_line(entry, width)
            state_text = checklist_text.cell_line(
                entry, cell, view.starts_on, self.ws.today, styles
            )
            evidence_text = checklist_text.evidence_line(entry, cell, width)
        self.query_one("#cell-entry", Static).update(entry_text)
        self.query_one("#cell-state", Static).update(state_text)
        self.query_one("#cell-evidence", Static).update(evidence_text)
        starts_on = view.starts_on if view is not None else None
        legend = checklist_text.legend(starts_on, self._styles(), width)
        self.query_one("#grid-legend", Static).update(legend)

    def on_checklist_grid_cursor_moved(self, _message: ChecklistGrid.CursorMoved) -> None:
        self._show_cell()
        self.refresh_bindings()

    def on_resize(self) -> None:
        self._show_tabs()
        self._show_cell()

    # -- switching --------------------------------------------------------------------------
    def action_switch(self, step: int) -> None:
        """The next (or previous) checklist of the year."""
        if len(self.views) < 2:
            return
        self.current = (self.current + step) % len(self.views)
        self.grid.show(self.view)
        self.grid.model.start(self.ws.today)
        self.grid.cursor_moved()
        self._show_tabs()
        self._show_cell()
        self.refresh_bindings()

    # -- ticking ----------------------------------------------------------------------------
    def action_tick(self) -> None:
        """`space`: tick the cell under the cursor, or untick it."""
        entry, cell = self.grid.model.entry, self.grid.model.cell
        if entry is not None and cell is not None:
            self.toggle(entry, cell)

    @work(thread=True, group="write", exit_on_error=False)
    def toggle(self, entry: EntryView, seen: PeriodView) -> None:
        """Tick or untick, decided under the write lock from the newest state this app
        knows of the cell (so a second `space` before the reload unticks)."""
        app = branch_app(self)
        key = (entry.id, seen.period)
        with app.write_lock:
            cell = self.cells.latest(key, seen)
            was = CheckSeen(cell.check_uid, cell.evidence)
            if cell.done:
                written = self.ws.untick(entry.id, cell.period, was)
            else:
                written = self.ws.tick(entry.id, cell.period, was)
            self.cells.saw(key, written.view)
        name = checklist_text.period_name(written.view, entry)
        title = fit(safe(entry.title), QUOTED)
        key_said = "tui_checklists.ticked" if written.view.done else "tui_checklists.unticked"
        said = t(key_said, position=entry.position, title=title, period=name)
        self.post_message(CellWritten(entry.id, written.view, written_messages(written, said)))

    def on_cell_written(self, message: CellWritten) -> None:
        self.grid.replace_cell(message.entry_id, message.cell)
        for text in message.messages:
            self.notify(text, markup=False)

    def action_evidence(self) -> None:
        """`enter`: the cell's evidence (saving it ticks the cell)."""
        from branchtui.tui.modals.checklist_forms import EvidenceForm

        entry, cell = self.grid.model.entry, self.grid.model.cell
        if entry is None or cell is None:
            return
        seen = self.cells.latest((entry.id, cell.period), cell)
        self.app.push_screen(EvidenceForm(entry, seen), self._evidence_saved)

    def _evidence_saved(self, result: Any) -> None:
        if result is not None:
            entry_id, cell = result
            self.cells.saw((entry_id, cell.period), cell)
            self.grid.replace_cell(entry_id, cell)

    # -- checklists and entries -------------------------------------------------------------
    def action_new_checklist(self) -> None:
        """`n`: the year's checklist from a template, or a blank one."""
        from branchtui.tui.modals.checklist_forms import ChecklistForm

        taken = {view.kind for view in self.views}
        self.app.push_screen(ChecklistForm(self.year, self.ws.today, taken), self._created)

    def _created(self, checklist_id: int | None) -> None:
        if checklist_id is not None:
            self.wanted = checklist_id
            self.load()

    def action_add_entry(self) -> None:
        """`a`: a new entry at the end of the checklist."""
        from branchtui.tui.modals.checklist_forms import EntryForm

        view = self.view
        if view is not None:
            self.app.push_screen(EntryForm(view, None), self._entry_saved)

    def action_edit_entry(self) -> None:
        """`e`: edit the entry under the cursor."""
        from branchtui.tui.modals.checklist_forms import EntryForm

        view, entry = self.view, self.grid.model.entry
        if view is not None and entry is not None:
            version = branch_app(self).versions.latest(("checklist_entry", entry.id), entry.version)
            self.app.push_screen(EntryForm(view, entry, version), self._entry_saved)

    def _entry_saved(self, entry_id: int | None) -> None:
        if entry_id is not None:
            self.pending = (entry_id, None)
            self.load()

    @work(group="ask", exit_on_error=False)
    async def action_delete_entry(self) -> None:
        """`d`: delete the entry and its ticks after asking; `u` brings them back."""
        from branchtui.tui.modals.confirm import ConfirmModal

        entry = self.grid.model.entry
        if entry is None:
            return
        ticks = sum(1 for cell in entry.periods if cell.done)
        title = fit(safe(entry.title), QUOTED)
        question = t("tui_checklists.delete_question", position=entry.position, title=title)
        if ticks:
            question += t("tui_checklists.delete_ticks", count=ticks)
        if not await self.app.push_screen_wait(
            ConfirmModal(question, yes=t("tui.plan.delete_yes"))
        ):
            return
        ws = self.ws

        def delete(version: int) -> None:
            ws.delete_entry(entry.id, version)

        said = t("tui_checklists.deleted", position=entry.position, title=title)
        self.write(("checklist_entry", entry.id), entry.version, delete, said)

    def action_move_entry(self, delta: int) -> None:
        """`K`/`J`: the entry before the one above it in its group (or after the one below)."""
        model = self.grid.model
        entry = model.entry
        if entry is None:
            return
        neighbour_index = model.row + delta
        if not 0 <= neighbour_index < len(model.entries):
            return
        neighbour = model.entries[neighbour_index]
        if layout_of(neighbour.frequency) != layout_of(entry.frequency):
            return  # the first or last of its group: it moves within its group only
        to = neighbour.position
        ws = self.ws
        said = t("tui_checklists.moved", title=fit(safe(entry.title), QUOTED), position=to)
        self.write(
            ("checklist_entry", entry.id),
            entry.version,
            lambda version: ws.move_entry(entry.id, to, version),
            said,
        )

    def on_wrote(self, message: Wrote) -> None:
        # BranchScreen's own on_wrote says the messages (Textual runs it too).
        self.load()


__all__ = ["ChecklistScreen"]
