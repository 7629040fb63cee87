"""The form of one 培养记录 (talk, training with its 学时, assessment…), new or edited."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from textual import work
from textual.widgets import Input, Select, TextArea

from branchtui.display import safe
from branchtui.domain.member_events import EventChanges, EventView
from branchtui.domain.member_rules import EVENT_KINDS
from branchtui.i18n import label, t
from branchtui.tui.modals.dated_form import DatedForm
from branchtui.tui.modals.form import FormField


def event_values(event: EventView | None, today: date) -> dict[str, Any]:
    """The form's values for `event` (a new one: a talk today)."""
    if event is None:
        return {"kind": "talk", "date": today.isoformat(), "hours": "", "note": ""}
    return {
        "kind": event.kind,
        "date": event.date.isoformat(),
        "hours": f"{event.hours:g}" if event.hours is not None else "",
        "note": event.note or "",
    }


class EventForm(DatedForm[int]):
    """A new 培养记录 of member `member_id` (`event` None) or an edit; dismissed with the
    event's id once saved."""

    def __init__(
        self, member_id: int, name: str, year: int, today: date, event: EventView | None = None
    ) -> None:
        super().__init__(year)
        self.member_id = member_id
        self.member_name = name
        self.event = event
        self.start = event_values(event, today)

    def form_title(self) -> str:
        key = "tui.members.event.new" if self.event is None else "tui.members.event.edit"
        return t(key, name=safe(self.member_name))

    def fields(self) -> Iterable[FormField]:
        start = self.start
        kinds = [(label("event", kind), kind) for kind in EVENT_KINDS]
        yield FormField(
            "kind",
            t("field.kind"),
            Select(kinds, value=start["kind"], allow_blank=False, compact=True, id="event-kind"),
        )
        day = date.fromisoformat(start["date"]) if start["date"] else None
        yield self.date_field("date", t("field.date"), day)
        hours = Input(
            start["hours"], placeholder=t("tui.members.event.hours_placeholder"), compact=True
        )
        yield FormField("hours", t("field.hours"), hours)
        yield FormField("note", t("field.note"), TextArea(start["note"], compact=True))

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#event-kind", Select))

    def save(self) -> None:
        values = self.values()
        dates, errors = self.read_dates(values, ("date",))
        if "date" not in errors and dates["date"] is None:
            errors["date"] = t("record.required", field=t("field.date"))
        text = str(values["hours"]).strip()
        hours: float | None = None
        if text:
            try:
                hours = float(text)
            except ValueError:
                errors["hours"] = t("member.hours_invalid", value=text)
        if errors:
            for name, message in errors.items():
                self.show_error(name, message)
            return
        wanted = {
            "kind": values["kind"],
            "date": dates["date"],
            "hours": hours,
            "note": str(values["note"]).strip() or None,
        }
        if self.event is not None:
            wanted = {k: v for k, v in wanted.items() if values[k] != self._initial[k]}
            if not wanted:
                self.branch.say(t("tui.nothing_changed"))
                self.dismiss(self.event.id)
                return
        self._write(wanted)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _write(self, wanted: dict[str, Any]) -> None:
        ws = self.branch.ws
        with self.branch.write_lock:
            if self.event is None:
                event_id = ws.add_event(
                    self.member_id, wanted["kind"], wanted["date"], wanted["hours"], wanted["note"]
                )
                said = t("tui.members.event.added", kind=label("event", wanted["kind"]))
            else:
                changes = EventChanges(**wanted)
                written = ws.edit_event(self.event.id, changes, self.event.version)
                event_id = written.view.id
                said = t("tui.members.event.saved") if written.changed else t("tui.nothing_changed")
        self.app.call_from_thread(self._saved, event_id, said)

    def _saved(self, event_id: int, said: str) -> None:
        self.branch.say(said)
        self.dismiss(event_id)

    def reload_after_conflict(self) -> None:
        self._reload()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self) -> None:
        """The event's new version; what was typed stays (the next save applies it)."""
        if self.event is None:
            return
        member = self.branch.ws.member(self.member_id)
        fresh = next((e for e in member.events if e.id == self.event.id), None)
        if fresh is not None:
            self.app.call_from_thread(self._took, fresh)

    def _took(self, fresh: EventView) -> None:
        self.event = fresh
        self.take_theirs(event_values(fresh, fresh.date))


__all__ = ["EventForm", "event_values"]
