"""2 工作计划: the year's plan items in a table, and the keys that act on the row under
the cursor.

The rows come from `Workspace.plan_rows` (plain sqlite3 tuples) in a worker; the table
renders only what is on screen. Writes run in workers based on the version the row
showed; the row is redrawn from what the write returns, and the change feed reloads the
rows (keeping the cursor on the same item) when anyone commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.widget import Widget
from textual.widgets import Static

from branchtui.display import fit, safe
from branchtui.domain.item_rules import next_status
from branchtui.domain.workspace import Changed, PlanRow
from branchtui.i18n import label, t, tn
from branchtui.tui.messages import RowsLoaded, Wrote
from branchtui.tui.screens.base import branch_app
from branchtui.tui.screens.table_screen import TableScreen
from branchtui.tui.widgets.filter_bar import FilterBar
from branchtui.tui.widgets.plan_table import PlanTable

if TYPE_CHECKING:
    from branchtui.domain.items import ItemView

# A title quoted in a question or a notification is cut to this many cells.
QUOTED = 24


def row_of(item: ItemView, before: PlanRow | None) -> PlanRow:
    """The table row of an item as a write returned it."""
    key = before.owner_key if before is not None and before.owner == item.owner else ""
    return PlanRow(
        item.id,
        item.number,
        item.title,
        item.category,
        item.owner,
        item.due,
        item.status,
        item.progress,
        item.tasks_done,
        item.tasks_total,
        item.overdue,
        item.version,
        key,
    )


class PlanScreen(TableScreen):
    """工作计划: the plan table, its filter, and the item keys."""

    AREA = "plan"
    CSS_PATH = "plan.tcss"
    ON_ROW = frozenset({"open", "edit", "advance", "done", "bump", "delete"})
    EDITS: ClassVar[frozenset[str]] = frozenset(
        {"new", "edit", "advance", "done", "bump", "delete"}
    )
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "key.open", id="plan.open"),
        Binding("n", "new", "key.plan.new", id="plan.new"),
        Binding("e", "edit", "key.plan.edit", id="plan.edit"),
        Binding("space", "advance", "key.plan.advance", id="plan.advance"),
        Binding("x", "done", "key.plan.done", id="plan.done"),
        Binding("plus,equals_sign", "bump(10)", "key.plan.more", show=False, id="plan.more"),
        Binding("minus", "bump(-10)", "key.plan.less", show=False, id="plan.less"),
        Binding("d", "delete", "key.plan.delete", show=False, id="plan.delete"),
        # priority: handled as it arrives, so the keys typed right after it (already on
        # their way) reach the filter, not the table
        Binding("slash", "filter", "key.plan.filter", id="plan.filter", priority=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year = branch_app(self).year

    def compose_body(self) -> Iterable[Widget]:
        yield PlanTable(year=self.year, id="plan-table")
        yield Static(id="plan-info")
        yield FilterBar(
            placeholder=t("tui.plan.filter_placeholder"), id="plan-filter", compact=True
        )

    @property
    def table(self) -> PlanTable:
        """The plan table."""
        return self.query_one(PlanTable)

    def on_mount(self) -> None:
        self.mount_table()
        self.watch(branch_app(self), "year", self._year_changed, init=False)
        self.load()

    # -- rows -------------------------------------------------------------------------------
    def _year_changed(self, year: int) -> None:
        self.year = year
        self.table.loading = True
        self.load()

    def apply_changes(self, changed: Changed) -> None:
        if changed.touches("plan_item", "step", "member"):
            self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """Read the year's rows in a thread."""
        year = self.year
        self.post_message(RowsLoaded(year, self.ws.plan_rows(year)))

    def on_rows_loaded(self, message: RowsLoaded) -> None:
        if message.year != self.year:
            return
        table = self.table
        table.loading = False
        table.show_rows(message.rows, message.year, keep=self.pending)
        self.rows_shown()

    def show_info(self) -> None:
        table = self.table
        shown, total = len(table.model.shown), len(table.model.rows)
        query = table.model.query.strip()
        if query:
            text = t("tui.plan.filtered", query=safe(query), shown=shown, total=total)
        else:
            text = tn("tui.plan.count", total, year=self.year)
        self.query_one("#plan-info", Static).update(Text(" " + text, style="dim"))

    def open_item(self, item_id: int) -> None:
        """Cursor on item `item_id` (once the rows are in) and its detail open."""
        self.open_row(item_id)

    # -- opening ----------------------------------------------------------------------------
    def push_detail(self, item_id: int) -> None:
        """The item's detail: every field, its steps, its history."""
        from branchtui.tui.screens.item import ItemScreen

        self.app.push_screen(ItemScreen(item_id))

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def open_form(self, item_id: int | None) -> None:
        """Read what the form needs (the item, the members to pick from), then open it."""
        from branchtui.tui.modals.item_form import ItemForm

        item = self.ws.item(item_id) if item_id is not None else None
        form = ItemForm(self.year, self.ws.owner_choices(), item)
        self.app.call_from_thread(self.app.push_screen, form, self._form_closed)

    def _form_closed(self, item_id: int | None) -> None:
        if item_id is not None:
            self.pending = item_id
            self.load()

    # -- the item keys ----------------------------------------------------------------------
    def action_advance(self) -> None:
        """`space`: the next status (todo → doing → done; review → done; blocked → doing)."""
        row = self.table.row
        if row is None:
            return
        if next_status(row.status) == "done" and row.steps_done < row.steps_total:
            self.action_done()  # to done with open steps: ask, as `x` does
            return
        ws = self.ws
        self.write(
            ("plan_item", row.id),
            row.version,
            lambda version: ws.advance_item(row.id, version),
            _status_said,
        )

    @work(group="ask", exit_on_error=False)
    async def action_done(self) -> None:
        """`x`: done; with open steps, ask whether to tick them too."""
        row = self.table.row
        if row is None:
            return
        open_steps = row.steps_total - row.steps_done
        close = False
        if open_steps and row.status != "done":
            question = tn("tui.plan.close_steps", open_steps)
            if not await self.app.push_screen_wait(_confirm(question)):
                return
            close = True
        ws = self.ws
        self.write(
            ("plan_item", row.id),
            row.version,
            lambda version: ws.complete_item(row.id, version, close_steps=close),
            _status_said,
        )

    def action_bump(self, delta: int) -> None:
        """`+`/`-`: progress ±10 by hand (an item with steps follows them: say so)."""
        row = self.table.row
        if row is None:
            return
        if row.steps_total:
            self.notify(tn("tui.plan.progress_from_steps", row.steps_total), markup=False)
            return
        ws = self.ws
        self.write(
            ("plan_item", row.id),
            row.version,
            lambda version: ws.bump_item(row.id, delta, version),
            lambda view: t("tui.plan.progress_said", number=view.number, progress=view.progress),
        )

    @work(group="ask", exit_on_error=False)
    async def action_delete(self) -> None:
        """`d`: delete the item (and its steps) after asking; `u` brings it back."""
        row = self.table.row
        if row is None:
            return
        title = fit(safe(row.title), QUOTED)
        question = tn("tui.plan.delete_question", row.steps_total, number=row.number, title=title)
        if not await self.app.push_screen_wait(_confirm(question, t("tui.plan.delete_yes"))):
            return
        ws = self.ws
        said = t("tui.plan.deleted", number=row.number, title=title)

        def delete(version: int) -> None:
            ws.delete_item(row.id, version)

        self.write(("plan_item", row.id), row.version, delete, said)

    def on_wrote(self, message: Wrote) -> None:
        view = message.view
        if view is not None and hasattr(view, "tasks_total"):
            table = self.table
            before = next((r for r in table.model.rows if r.id == view.id), None)
            table.replace_row(row_of(view, before))


def _status_said(view: Any) -> str:
    return t("tui.plan.status_said", number=view.number, status=label("status", view.status))


def _confirm(question: str, yes: str | None = None) -> Any:
    from branchtui.tui.modals.confirm import ConfirmModal

    return ConfirmModal(question, yes=yes)


__all__ = ["FilterBar", "PlanScreen", "row_of"]
