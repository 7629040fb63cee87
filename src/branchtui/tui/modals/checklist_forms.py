"""The checklist screen's forms: a new checklist (from a template or blank, with the day it
counts from), an entry (new or edited), and a cell's evidence (saving it ticks the cell).

Each saves in a worker through the Workspace; a field's error lands on that field, and
someone else's change meanwhile is a banner that keeps what was typed (FormModal).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rich.text import Text
from textual import on, work
from textual.widgets import Input, Select, Static, TextArea

from branchtui.display import fit, safe
from branchtui.domain.changes import UNSET
from branchtui.domain.checklist_year import ChecklistView, EntryView, PeriodView
from branchtui.domain.checklists import KINDS, EntryChanges, default_starts_on
from branchtui.domain.checks import CheckSeen
from branchtui.domain.dates import parse_date
from branchtui.domain.periods import FREQUENCIES, SINGLE_PERIOD
from branchtui.errors import FieldError, ValidationError
from branchtui.i18n import label, t
from branchtui.tui.modals.form import FormField, FormModal

QUOTED = 30  # cells of an entry's title in a form's heading


def date_hint(form: FormModal[Any], name: str, text: str, year: int) -> date | None:
    """Check a typed date as it is typed: what it means under the field, or why not."""
    hint = form.query_one(f"#field-{name} .form-hint", Static)
    field = form.field(name)
    try:
        day = parse_date(text, year) if text.strip() else None
    except ValidationError as error:
        hint.update("")
        if field is not None:
            field.show_error(str(error))
        return None
    if field is not None:
        field.show_error(None)
    shown = day.isoformat() if day is not None and day.isoformat() != text.strip() else ""
    hint.update(Text(shown))
    return day


class ChecklistForm(FormModal[int]):
    """`n`: the year's checklist from a template (the kinds the year has not got yet) or a
    blank one with its title; dismissed with its id."""

    def __init__(self, year: int, today: date, taken: set[str]) -> None:
        super().__init__()
        self.year = year
        self.kinds = [kind for kind in KINDS if kind == "custom" or kind not in taken]
        self.starts_on = default_starts_on(year, today)

    def form_title(self) -> str:
        return t("tui_checklists.form.new", year=self.year)

    def fields(self) -> Iterable[FormField]:
        kinds = [(label("kind", kind), kind) for kind in self.kinds]
        yield FormField(
            "kind",
            t("tui_checklists.form.template"),
            Select(kinds, value=self.kinds[0], allow_blank=False, compact=True, id="kind"),
        )
        yield FormField("title", t("field.title"), Input(id="title", compact=True))
        yield FormField(
            "starts_on",
            t("field.starts_on"),
            Input(self.starts_on.isoformat(), id="starts_on", compact=True),
            Static(Text(t("tui_checklists.form.starts_on_hint")), classes="form-hint"),
        )

    def on_mount(self) -> None:
        super().on_mount()
        self._kind_chosen(self.kinds[0])
        self.set_focus(self.query_one("#kind", Select))

    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._kind_chosen(str(event.value))

    def _kind_chosen(self, kind: str) -> None:
        field = self.field("title")
        if field is not None:
            field.display = kind == "custom"

    @on(Input.Changed, "#starts_on")
    def _starts_on_typed(self, event: Input.Changed) -> None:
        date_hint(self, "starts_on", event.value, self.year)

    def save(self) -> None:
        values = self.values()
        kind = str(values["kind"])
        try:
            starts_on = parse_date(values["starts_on"], self.year) if values["starts_on"] else None
        except ValidationError as error:
            self.show_error("starts_on", str(error))
            return
        title = str(values["title"]).strip()
        if kind == "custom" and not title:
            self.show_error("title", t("checklist.title_empty"))
            return
        self._create(kind, title, starts_on)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _create(self, kind: str, title: str, starts_on: date | None) -> None:
        ws = self.branch.ws
        with self.branch.write_lock:
            if kind == "custom":
                checklist_id = ws.new_checklist(self.year, title=title, starts_on=starts_on)
            else:
                checklist_id = ws.new_checklist(self.year, template=kind, starts_on=starts_on)
        said = t("tui_checklists.created", kind=label("kind", kind), year=self.year)
        self.app.call_from_thread(self._saved, checklist_id, said)

    def _saved(self, checklist_id: int, said: str) -> None:
        self.branch.say(said)
        self.dismiss(checklist_id)


def _due_months() -> list[tuple[str, int]]:
    return [(t(f"checklist.month.{month}"), month) for month in range(1, 13)]


class EntryForm(FormModal[int]):
    """`a` a new entry at the end of `checklist`, `e` an edit of `entry` (based on
    `version`); dismissed with the entry's id."""

    def __init__(
        self, checklist: ChecklistView, entry: EntryView | None, version: int | None = None
    ) -> None:
        super().__init__()
        self.checklist = checklist
        self.entry = entry
        self.version = version if version is not None else (entry.version if entry else 0)

    def form_title(self) -> str:
        if self.entry is None:
            return t("tui_checklists.form.entry_new", title=fit(safe(self.checklist.title), QUOTED))
        title = fit(safe(self.entry.title), QUOTED)
        return t("tui_checklists.form.entry_edit", position=self.entry.position, title=title)

    def fields(self) -> Iterable[FormField]:
        entry = self.entry
        frequency = entry.frequency if entry else "monthly"
        frequencies = [(label("frequency", code), code) for code in FREQUENCIES]
        yield FormField(
            "title", t("field.title"), Input(entry.title if entry else "", id="title", compact=True)
        )
        yield FormField(
            "frequency",
            t("field.frequency"),
            Select(frequencies, value=frequency, allow_blank=False, compact=True, id="frequency"),
        )
        due_month = (entry.due_month if entry else None) or 12
        yield FormField(
            "due_month",
            t("field.due_month"),
            Select(_due_months(), value=due_month, allow_blank=False, compact=True),
        )
        owner = entry.owner if entry and entry.owner else ""
        yield FormField(
            "owner",
            t("field.owner"),
            Input(owner, placeholder=t("tui_checklists.form.owner_placeholder"), compact=True),
        )
        yield FormField(
            "note", t("field.note"), TextArea((entry.note or "") if entry else "", compact=True)
        )

    def on_mount(self) -> None:
        super().on_mount()
        self._frequency_chosen(self.entry.frequency if self.entry else "monthly")
        self.set_focus(self.query_one("#title", Input))

    @on(Select.Changed, "#frequency")
    def _frequency_changed(self, event: Select.Changed) -> None:
        self._frequency_chosen(str(event.value))

    def _frequency_chosen(self, frequency: str) -> None:
        field = self.field("due_month")
        if field is not None:
            field.display = frequency in SINGLE_PERIOD

    def save(self) -> None:
        values = self.values()
        title = str(values["title"]).strip()
        if not title:
            self.show_error("title", t("checklist.entry_title_empty"))
            return
        frequency = str(values["frequency"])
        due_month = int(values["due_month"]) if frequency in SINGLE_PERIOD else None
        owner = str(values["owner"]).strip() or None
        note = str(values["note"]).strip() or None
        if self.entry is None:
            self._add(title, frequency, due_month, owner, note)
            return
        changes = EntryChanges(
            title=title if values["title"] != self._initial["title"] else UNSET,
            frequency=frequency if values["frequency"] != self._initial["frequency"] else UNSET,
            due_month=(
                due_month
                if frequency in SINGLE_PERIOD and values["due_month"] != self._initial["due_month"]
                else UNSET
            ),
            owner=owner if values["owner"] != self._initial["owner"] else UNSET,
            note=note if values["note"] != self._initial["note"] else UNSET,
        )
        self._edit(changes)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _add(
        self, title: str, frequency: str, due_month: int | None, owner: str | None, note: str | None
    ) -> None:
        with self.branch.write_lock:
            entry_id = self.branch.ws.add_entry(
                self.checklist.id, title, frequency, due_month=due_month, owner=owner, note=note
            )
        said = t("tui_checklists.entry_added", title=fit(safe(title), QUOTED))
        self.app.call_from_thread(self._saved, entry_id, (said,))

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _edit(self, changes: EntryChanges) -> None:
        assert self.entry is not None
        app = self.branch
        record = ("checklist_entry", self.entry.id)
        with app.write_lock:
            version = app.versions.latest(record, self.version)
            written = app.ws.edit_entry(self.entry.id, changes, version)
            app.versions.saw(record, written.view.version)
        said = t("tui_checklists.entry_saved", position=self.entry.position)
        said = said if written.changed else t("tui.nothing_changed")
        self.app.call_from_thread(self._saved, self.entry.id, (said,))

    def _saved(self, entry_id: int, messages: tuple[str, ...]) -> None:
        for message in messages:
            self.branch.say(message)
        self.dismiss(entry_id)

    def reload_after_conflict(self) -> None:
        self._reload()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self) -> None:
        """The entry's new version; what was typed stays for the next `ctrl+s`."""
        if self.entry is None:
            return
        for view in self.branch.ws.checklists(self.checklist.year):
            fresh = next((e for e in view.entries if e.id == self.entry.id), None)
            if fresh is not None:
                self.version = fresh.version


class EvidenceForm(FormModal[tuple[int, PeriodView]]):
    """`enter`: the evidence of one cell (落实情况/佐证材料); saving ticks the cell if it is
    not ticked yet. Dismissed with (entry id, the cell as stored)."""

    SHORT = True

    def __init__(self, entry: EntryView, cell: PeriodView) -> None:
        super().__init__()
        self.entry = entry
        self.cell = cell

    def form_title(self) -> str:
        from branchtui.tui.checklist_text import period_name

        return t(
            "tui_checklists.form.evidence",
            position=self.entry.position,
            title=fit(safe(self.entry.title), QUOTED),
            period=period_name(self.cell, self.entry),
        )

    def fields(self) -> Iterable[FormField]:
        key = (
            "tui_checklists.form.evidence_ticked"
            if self.cell.done
            else "tui_checklists.form.evidence_ticks"
        )
        yield FormField(
            "evidence",
            t("field.evidence"),
            TextArea(self.cell.evidence or "", compact=True, classes="tall", id="evidence"),
            Static(Text(t(key)), classes="form-hint"),
        )

    def on_mount(self) -> None:
        super().on_mount()
        self.set_focus(self.query_one("#evidence", TextArea))

    def save(self) -> None:
        text = str(self.values()["evidence"]).strip()
        if self.cell.done and not self.changed:
            self.branch.say(t("tui.nothing_changed"))
            self.dismiss(None)
            return
        self._tick(text)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _tick(self, evidence: str) -> None:
        seen = CheckSeen(self.cell.check_uid, self.cell.evidence)
        with self.branch.write_lock:
            try:
                written = self.branch.ws.tick(self.entry.id, self.cell.period, seen, evidence)
            except FieldError:
                raise
            except ValidationError as error:  # not begun yet: said on the field
                raise FieldError.of(error, "evidence") from None
        said = t("tui_checklists.evidence_saved", position=self.entry.position)
        self.app.call_from_thread(self._saved, written.view, said)

    def _saved(self, cell: PeriodView, said: str) -> None:
        self.branch.say(said)
        self.dismiss((self.entry.id, cell))

    def reload_after_conflict(self) -> None:
        self._reload()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self) -> None:
        """The cell as it is now; what was typed stays for the next `ctrl+s`."""
        for view in self.branch.ws.checklists(self.cell.first_day.year):
            for entry in view.entries:
                if entry.id == self.entry.id:
                    fresh = next((p for p in entry.periods if p.period == self.cell.period), None)
                    if fresh is not None:
                        self.cell = fresh


__all__ = ["ChecklistForm", "EntryForm", "EvidenceForm", "date_hint"]
