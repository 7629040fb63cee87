"""One plan item: every field, its steps as a checklist, its evidence and its history in
words. Pushed over the plan screen (`enter`); `escape` goes back.

The steps list owns the step keys (`space` ticks, `e` edits, `d` deletes, `shift+↑/↓`
move); the screen owns the item's (`a` adds a step, `E` edits the item, `x` done).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from branchtui.display import fit, local_time, safe
from branchtui.domain.dates import days_overdue
from branchtui.domain.item_rules import OVERDUE_SYMBOL, STATUS_SYMBOLS
from branchtui.domain.workspace import Changed
from branchtui.errors import NotFoundError
from branchtui.i18n import label, t, tn
from branchtui.tui.history_words import describe_entry, entry_details, entry_heading
from branchtui.tui.messages import ItemGone, ItemLoaded, Wrote
from branchtui.tui.screens.base import BranchScreen, Editing
from branchtui.tui.widgets.bars import bar
from branchtui.tui.widgets.chrome import BranchHeader

if TYPE_CHECKING:
    from branchtui.domain.items import ItemView
    from branchtui.domain.steps import StepView

HISTORY_SHOWN = 30
QUOTED = 24  # cells of a title quoted in a question


class StepList(Editing, OptionList):
    """The item's steps as a checklist."""

    EDITS: ClassVar[frozenset[str]] = frozenset({"tick", "edit_step", "delete_step", "move"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "tick", "key.step.tick", id="step.tick"),
        Binding("e", "edit_step", "key.step.edit", id="step.edit"),
        Binding("d", "delete_step", "key.step.delete", show=False, id="step.delete"),
        Binding("shift+up,K", "move(-1)", "key.step.up", show=False, id="step.up"),
        Binding("shift+down,J", "move(1)", "key.step.down", show=False, id="step.down"),
        Binding("down,j", "cursor_down", "key.down", show=False, id="step.next"),
        Binding("up,k", "cursor_up", "key.up", show=False, id="step.previous"),
    ]

    def __init__(self) -> None:
        super().__init__(id="steps")
        self.steps: tuple[StepView, ...] = ()

    @property
    def step(self) -> StepView | None:
        """The step under the cursor."""
        index = self.highlighted
        return self.steps[index] if index is not None and index < len(self.steps) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITS and self.step is None:
            return None
        return self.editing_allowed(action)

    def show(self, steps: Sequence[StepView], year: int) -> None:
        """The steps, keeping the cursor on the same step."""
        keep = self.step.id if self.step else None
        self.steps = tuple(steps)
        self.clear_options()
        self.add_options(Option(_step_text(step, year), id=str(step.id)) for step in steps)
        index = next((i for i, s in enumerate(self.steps) if s.id == keep), 0)
        self.highlighted = index if self.steps else None
        self.refresh_bindings()

    def action_tick(self) -> None:
        screen = self.screen
        if isinstance(screen, ItemScreen) and self.step is not None:
            screen.tick(self.step)

    def action_edit_step(self) -> None:
        screen = self.screen
        if isinstance(screen, ItemScreen) and self.step is not None:
            screen.edit_step(self.step)

    def action_delete_step(self) -> None:
        screen = self.screen
        if isinstance(screen, ItemScreen) and self.step is not None:
            screen.delete_step(self.step)

    def action_move(self, delta: int) -> None:
        screen = self.screen
        if isinstance(screen, ItemScreen) and self.step is not None:
            screen.move_step(self.step, delta)


def _step_text(step: StepView, year: int) -> Text:
    text = Text("☑ " if step.done else "☐ ", style="bold" if step.done else "")
    text.append(f"{step.position}. ")
    text.append(safe(step.title), style="dim" if step.done else "")
    if step.due is not None:
        due = step.due.strftime("%m-%d") if step.due.year == year else step.due.isoformat()
        text.append(f"  {due}", style="italic")
    if step.done and step.done_by:
        done_at = local_time(step.done_at) if step.done_at else ""
        text.append(f"  {safe(step.done_by)} {done_at}", style="dim")
    return text


class ItemScreen(BranchScreen):
    """工作事项 N: the item, its steps, evidence and history."""

    AREA = "plan"
    CSS_PATH = "item.tcss"
    COMPONENT_CLASSES: ClassVar[set[str]] = {"item--overdue"}
    EDITS: ClassVar[frozenset[str]] = frozenset({"add_step", "edit_item", "done"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "key.back", id="item.back"),
        Binding("a", "add_step", "key.step.add", id="item.add_step"),
        Binding("E", "edit_item", "key.item.edit", id="item.edit"),
        Binding("x", "done", "key.plan.done", id="item.done"),
    ]

    def __init__(self, item_id: int) -> None:
        super().__init__()
        self.item_id = item_id
        self.item: ItemView | None = None

    @property
    def title_text(self) -> str:
        return t("tui.item.heading", id=self.item_id)

    @property
    def help_name(self) -> str:
        """What `?` calls this screen."""
        return t("tui.help.detail.item")

    def compose_body(self) -> Iterable[Widget]:
        with VerticalScroll(id="item-body"):
            yield Static(id="item-fields")
            yield Static(id="steps-heading", classes="section")
            yield StepList()
            yield Static(id="item-evidence")
            yield Static(id="item-history")

    def on_mount(self) -> None:
        self.query_one(StepList).focus()
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITS and self.item is None:
            return None
        return super().check_action(action, parameters)

    # -- data -------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """The item, its steps and its history, read in a thread."""
        try:
            item = self.ws.item(self.item_id)
        except NotFoundError:
            self.post_message(ItemGone(self.item_id))
            return
        self.post_message(ItemLoaded(item, self.ws.record_history("plan_item", item.uid)))

    def apply_changes(self, changed: Changed) -> None:
        # Its own row, or any step or member (a new step's id is not known here yet).
        if ("plan_item", self.item_id) in changed.records or changed.touches("step", "member"):
            self.load()

    def on_item_gone(self, _message: ItemGone) -> None:
        self.notify(t("tui.item.gone", id=self.item_id), severity="warning", markup=False)
        self.dismiss()

    def on_item_loaded(self, message: ItemLoaded) -> None:
        self.item = message.item
        heading = t("tui.item.heading_number", number=message.item.number, id=message.item.id)
        self.query_one(BranchHeader).show_title(heading)
        self.show_item(message.item, message.history)
        self.refresh_bindings()

    def on_wrote(self, message: Wrote) -> None:
        self.load()

    # -- showing ----------------------------------------------------------------------------
    def show_item(self, item: ItemView, history: Sequence[Any]) -> None:
        """Every field of the item, its steps, evidence and history."""
        year = item.year
        late = self.get_component_rich_style("item--overdue", partial=True)
        self.query_one("#item-fields", Static).update(_fields(item, self.ws.today, late))
        steps = self.query_one(StepList)
        heading = tn("tui.item.steps", item.tasks_total, done=item.tasks_done)
        hint = "" if item.steps else "  " + t("tui.item.no_steps")
        self.query_one("#steps-heading", Static).update(Text(heading + hint, style="bold"))
        steps.show(item.steps, year)
        steps.display = bool(item.steps)
        evidence = Text(t("field.evidence") + "\n", style="bold")
        evidence.append(
            safe(item.evidence, keep_layout=True) if item.evidence else t("tui.item.none")
        )
        self.query_one("#item-evidence", Static).update(evidence)
        lines = Text(t("tui.item.history") + "\n", style="bold")
        for entry in list(history)[:HISTORY_SHOWN]:
            lines.append(entry_heading(entry) + "  ", style="dim")
            lines.append(describe_entry(entry) + "\n")
            for detail in entry_details(entry):
                lines.append(f"    {detail}\n", style="dim")
        if not history:
            lines.append(t("tui.item.none"))
        self.query_one("#item-history", Static).update(lines)

    # -- the keys ---------------------------------------------------------------------------
    def action_back(self) -> None:
        """Back to the plan."""
        self.dismiss()

    def action_add_step(self) -> None:
        """A new step at the end."""
        from branchtui.tui.modals.step_form import StepForm

        if self.item is not None:
            self.app.push_screen(StepForm(self.item.id, self.item.year), self._step_saved)

    def edit_step(self, step: StepView) -> None:
        """Edit a step's title and due date."""
        from branchtui.tui.modals.step_form import StepForm

        if self.item is not None:
            self.app.push_screen(StepForm(self.item.id, self.item.year, step), self._step_saved)

    def _step_saved(self, step_id: int | None) -> None:
        if step_id is not None:
            self.load()

    def tick(self, step: StepView) -> None:
        """Tick or untick a step."""
        ws = self.ws
        key = "tui.step.ticked" if not step.done else "tui.step.unticked"
        self.write(
            ("step", step.id),
            step.version,
            lambda version: ws.tick_step(step.id, not step.done, version),
            t(key, title=safe(step.title)),
        )

    def move_step(self, step: StepView, delta: int) -> None:
        """Move a step up or down one place."""
        assert self.item is not None
        to = step.position + delta
        if not 1 <= to <= len(self.item.steps):
            return
        ws = self.ws
        self.write(
            ("step", step.id), step.version, lambda version: ws.move_step(step.id, to, version)
        )

    @work(group="ask", exit_on_error=False)
    async def delete_step(self, step: StepView) -> None:
        """Delete a step after asking."""
        from branchtui.tui.modals.confirm import ConfirmModal

        question = t("tui.step.delete_question", title=fit(safe(step.title), QUOTED))
        if not await self.app.push_screen_wait(
            ConfirmModal(question, yes=t("tui.plan.delete_yes"))
        ):
            return
        ws = self.ws
        self.write(
            ("step", step.id),
            step.version,
            lambda version: ws.delete_step(step.id, version),
            t("tui.step.deleted", title=safe(step.title)),
        )

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def action_edit_item(self) -> None:
        """Edit the item (its form)."""
        from branchtui.tui.modals.item_form import ItemForm

        item = self.ws.item(self.item_id)
        form = ItemForm(item.year, self.ws.owner_choices(), item)
        self.app.call_from_thread(self.app.push_screen, form, lambda _saved: self.load())

    @work(group="ask", exit_on_error=False)
    async def action_done(self) -> None:
        """Mark the item done (asking to tick its open steps)."""
        from branchtui.tui.modals.confirm import ConfirmModal

        item = self.item
        if item is None:
            return
        open_steps = item.tasks_total - item.tasks_done
        close = False
        if open_steps and item.status != "done":
            if not await self.app.push_screen_wait(
                ConfirmModal(tn("tui.plan.close_steps", open_steps))
            ):
                return
            close = True
        ws = self.ws
        self.write(
            ("plan_item", item.id),
            item.version,
            lambda version: ws.complete_item(item.id, version, close_steps=close),
            lambda view: t(
                "tui.plan.status_said", number=view.number, status=label("status", view.status)
            ),
        )


def _fields(item: ItemView, today: date, late: Style) -> Text:
    """The item's fields, labelled."""
    text = Text(safe(item.title) + "\n", style="bold")
    symbol = STATUS_SYMBOLS.get(item.status, "?")
    rows = [
        (t("field.category"), label("category", item.category)),
        (t("field.owner"), safe(item.owner or "") or t("tui.item.none")),
        (t("field.status"), f"{symbol} {label('status', item.status)}"),
        (t("field.progress"), f"{bar(item.progress, 10)} {item.progress}%"),
    ]
    due = item.due.isoformat() if item.due else t("tui.item.none")
    if item.overdue and item.due is not None:
        due = f"{OVERDUE_SYMBOL} {due}  " + tn("tui.item.late", days_overdue(item.due, today))
    rows.append((t("field.due"), due))
    if item.completed_at is not None:
        who = safe(item.completed_by or "")
        rows.append((t("field.completed_at"), f"{local_time(item.completed_at)} {who}"))
    for name, value in rows:
        text.append(t("tui.item.field", name=name), style="dim")
        text.append(value + "\n", style=late if value.startswith(OVERDUE_SYMBOL) else "")
    if item.detail:
        text.append(t("tui.item.field", name=t("field.detail")), style="dim")
        text.append(safe(item.detail, keep_layout=True) + "\n")
    stamps = t(
        "tui.item.stamps", created=local_time(item.created_at), updated=local_time(item.updated_at)
    )
    text.append(stamps, style="dim")
    return text


__all__ = ["ItemScreen", "StepList"]
