"""The form of one step of an item: its title and due date (new or edited)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.widgets import Input, Static

from branchtui.display import safe
from branchtui.domain.changes import UNSET
from branchtui.domain.dates import parse_date
from branchtui.domain.step_changes import StepChanges
from branchtui.domain.steps import StepView
from branchtui.errors import ValidationError
from branchtui.i18n import t
from branchtui.tui.modals.form import FormField, FormModal


class StepForm(FormModal[int]):
    """A new step of item `item_id` (`step` None) or an edit; dismissed with its id."""

    def __init__(self, item_id: int, year: int, step: StepView | None = None) -> None:
        super().__init__()
        self.item_id = item_id
        self.year = year
        self.step = step

    def form_title(self) -> str:
        if self.step is None:
            return t("tui.form.step_new")
        return t("tui.form.step_edit", position=self.step.position)

    def fields(self) -> Iterable[FormField]:
        step = self.step
        yield FormField(
            "title", t("field.title"), Input(step.title if step else "", id="title", compact=True)
        )
        due = step.due.isoformat() if step and step.due else ""
        yield FormField(
            "due",
            t("field.due"),
            Input(due, placeholder=t("tui.form.due_placeholder"), compact=True),
            Static(classes="form-hint due-hint"),
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.set_focus(self.query_one("#title", Input))

    @on(Input.Changed, "#field-due Input")
    def _due_typed(self, event: Input.Changed) -> None:
        hint = self.query_one(".due-hint", Static)
        field = self.field("due")
        try:
            due = self._due(event.value)
        except ValidationError as error:
            if field is not None:  # said as it is typed: the field's own, not a save's
                field.show_error(str(error))
            hint.update("")
            return
        if field is not None:
            field.show_error(None)
        hint.update(Text(due.isoformat() if due else ""))

    def _due(self, text: str) -> date | None:
        return parse_date(text, self.year) if text.strip() else None

    def save(self) -> None:
        values = self.values()
        title = str(values["title"]).strip()
        if not title:
            self.show_error("title", t("item.empty_title"))
            return
        try:
            due = self._due(values["due"])
        except ValidationError as error:
            self.show_error("due", str(error))
            return
        self._write(title, due, values)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _write(self, title: str, due: date | None, values: dict[str, Any]) -> None:
        ws = self.branch.ws
        with self.branch.write_lock:
            if self.step is None:
                written = ws.add_step(self.item_id, title, due)
                said = t("tui.step.added", title=safe(title))
            else:
                changes = StepChanges(
                    title=title if values["title"] != self._initial["title"] else UNSET,
                    due=due if values["due"] != self._initial["due"] else UNSET,
                )
                written = ws.edit_step(self.step.id, changes, self.step.version)
                said = t("tui.step.saved", title=safe(title))
        first = said if written.changed else t("tui.nothing_changed")
        messages = (first, *(notice.message() for notice in written.notices))
        self.app.call_from_thread(self._saved, written.view.id, messages)

    def _saved(self, step_id: int, messages: tuple[str, ...]) -> None:
        for message in messages:
            self.branch.say(message)
        self.dismiss(step_id)

    def reload_after_conflict(self) -> None:
        self._reload()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self) -> None:
        """The step's new version; what was typed stays (the next save applies it)."""
        if self.step is None:
            return
        item = self.branch.ws.item(self.item_id)
        fresh = next((s for s in item.steps if s.id == self.step.id), None)
        if fresh is not None:
            self.step = fresh


__all__ = ["StepForm"]
