"""The record of a meeting (组织生活记录), new or edited: its kind and day, the 党小组 of a
group meeting, place, host and recorder (a member picked, or a name as text), the topic,
content and resolutions, the lecturer of a 党课, the plan item it serves, and the
attendance list (`space`: present → excused → absent; a reason for the last two).

Who is expected follows the kind, the group and the day (`meeting_rules.expected` over
the register, as the domain decides it when saving): changing them redraws the list,
keeping what was marked of those still expected. A new record is one `add_meeting`; an
edit sends only what changed — the fields and the marks — as one change, based on the
version the form was opened with (someone else's save meanwhile: a banner, what was
typed kept).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from textual import on, work
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from branchtui.display import safe
from branchtui.domain.dates import parse_date
from branchtui.domain.meeting_kinds import MEETING_KINDS
from branchtui.domain.meeting_rules import Person, expected, voter_on
from branchtui.domain.meeting_views import MeetingView
from branchtui.domain.meetings import Mark, MeetingChanges, MeetingDraft
from branchtui.domain.workspace import OwnerChoice
from branchtui.errors import ValidationError
from branchtui.i18n import label, t
from branchtui.tui.messages import MeetingLoaded
from branchtui.tui.modals.checklist_forms import date_hint
from branchtui.tui.modals.form import FormField, FormModal
from branchtui.tui.widgets.attendance_list import AttendanceField, Attendee
from branchtui.tui.widgets.meeting_fields import ItemField, PersonField
from branchtui.tui.widgets.owner_field import Owner

# The fields an edit can change, in the form's order; the people among them.
EDITED = ("kind", "held_on", "group", "topic", "place", "host", "recorder", "lecturer",
          "item", "content")  # fmt: skip
PEOPLE = ("host", "recorder", "lecturer")
# The fields whose change means another set of expected attendees.
WHO_IS_EXPECTED = ("kind", "held_on", "group")


def _person(name: str | None, member_id: int | None) -> Owner | None:
    return Owner(name, member_id) if name else None


def meeting_values(
    meeting: MeetingView | None, today: date, groups: Sequence[str]
) -> dict[str, Any]:
    """The form's values for `meeting` (or a new record's: held today)."""
    if meeting is None:
        return {"kind": MEETING_KINDS[0], "held_on": today.isoformat(),
                "group": groups[0] if groups else Select.BLANK, "topic": "", "place": "",
                "host": None, "recorder": None, "lecturer": None, "item": None,
                "content": ""}  # fmt: skip
    return {
        "kind": meeting.kind,
        "held_on": meeting.held_on.isoformat(),
        "group": meeting.group or (groups[0] if groups else Select.BLANK),
        "topic": meeting.topic or "",
        "place": meeting.place or "",
        "host": _person(meeting.host, meeting.host_id),
        "recorder": _person(meeting.recorder, meeting.recorder_id),
        "lecturer": _person(meeting.lecturer, meeting.lecturer_id),
        "item": _person(meeting.item, meeting.item_id),
        "content": meeting.content or "",
    }


def stored_attendees(meeting: MeetingView) -> list[Attendee]:
    """The attendance as recorded."""
    return [Attendee(a.member_id, a.name, a.status, a.reason, a.voter) for a in meeting.attendance]


class MeetingForm(FormModal[int]):
    """New (`meeting` None) or edit; dismissed with the meeting's id once saved."""

    def __init__(
        self,
        *,
        today: date,
        people: Sequence[Person],
        owners: Sequence[OwnerChoice],
        items: Sequence[OwnerChoice],
        meeting: MeetingView | None = None,
    ) -> None:
        super().__init__()
        self.today = today
        self.people = list(people)
        self.owners = owners
        self.items = items
        self.meeting = meeting
        self.groups = sorted({p.group for p in self.people if p.group and p.active})
        self.start = meeting_values(meeting, today, self.groups)
        # (kind, group, day) the attendance list was drawn for
        self._basis: tuple[str, str | None, date] | None = None

    def form_title(self) -> str:
        if self.meeting is None:
            return t("tui_meetings.form.new")
        from branchtui.tui.meeting_text import kind_text

        kind = kind_text(self.meeting.kind, self.meeting.group)
        return t("tui_meetings.form.edit", date=self.meeting.held_on.isoformat(), kind=kind)

    def fields(self) -> Iterable[FormField]:
        start = self.start
        kinds = [(label("meeting_kind", kind), kind) for kind in MEETING_KINDS]
        yield FormField(
            "kind",
            t("field.kind"),
            Select(kinds, value=start["kind"], allow_blank=False, compact=True, id="kind"),
        )
        yield FormField(
            "held_on",
            t("field.held_on"),
            Input(start["held_on"], id="held_on", compact=True),
            Static(classes="form-hint"),
        )
        groups = [(safe(group), group) for group in self.groups]
        yield FormField(
            "group",
            t("field.group"),
            Select(groups, value=start["group"], compact=True, id="group"),
        )
        yield FormField("topic", t("field.topic"), Input(start["topic"], compact=True))
        yield FormField("place", t("field.place"), Input(start["place"], compact=True))
        for role in PEOPLE:
            yield FormField(role, t(f"field.{role}"), PersonField(self.owners, start[role]))
        yield FormField(
            "item", t("tui_meetings.form.item"), ItemField(self.items, start["item"], id="item")
        )
        content = TextArea(start["content"], compact=True, classes="tall")
        yield FormField("content", t("field.content"), content)
        attendees = stored_attendees(self.meeting) if self.meeting else []
        general = start["kind"] == "general"
        yield FormField(
            "attendance",
            t("tui_meetings.form.attendance"),
            AttendanceField(attendees, general=general, id="attendance"),
        )

    def below_fields(self) -> Iterable[Widget]:
        yield Static(classes="form-counts")

    def on_attendance_field_counted(self, message: AttendanceField.Counted) -> None:
        self.query_one(".form-counts", Static).update(message.summary)

    def on_mount(self) -> None:
        super().on_mount()
        self._kind_shown(self.start["kind"])
        if self.meeting is not None:
            self._basis = self._expected_basis()
        else:
            self._recompute()
            self.remember()
        date_hint(self, "held_on", self.start["held_on"], self.today.year)
        self.set_focus(self.query_one("#kind", Select))

    # -- what follows the kind, the group and the day ---------------------------------------
    @on(Select.Changed, "#kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._kind_shown(str(event.value))
        self._recompute()

    @on(Select.Changed, "#group")
    def _group_changed(self, _event: Select.Changed) -> None:
        self._recompute()

    @on(Input.Changed, "#held_on")
    def _held_on_typed(self, event: Input.Changed) -> None:
        if date_hint(self, "held_on", event.value, self.today.year) is not None:
            self._recompute()

    def _kind_shown(self, kind: str) -> None:
        for name, shown in (("group", kind == "group"), ("lecturer", kind == "lecture")):
            field = self.field(name)
            if field is not None:
                field.display = shown

    def _held_on(self) -> date | None:
        text = str(self.query_one("#held_on", Input).value)
        try:
            return parse_date(text, self.today.year) if text.strip() else None
        except ValidationError:
            return None

    def _expected_basis(self) -> tuple[str, str | None, date] | None:
        """What decides who is expected, as the fields hold it (None: no valid day)."""
        day = self._held_on()
        if day is None:
            return None
        kind = str(self.query_one("#kind", Select).value)
        group_value = self.query_one("#group", Select).value
        group = str(group_value) if kind == "group" and group_value != Select.BLANK else None
        return kind, group, day

    def _recompute(self) -> None:
        """Who is expected now; what was marked of those still expected stays."""
        if not self.is_mounted:
            return
        basis = self._expected_basis()
        if basis is None or basis == self._basis:
            return
        self._basis = basis
        kind, group, day = basis
        field = self.query_one(AttendanceField)
        marked = {a.member_id: a for a in field.attendees}
        attendees = []
        for someone in expected(kind, group, day, self.people):
            before = marked.get(someone.id)
            status, reason = (before.status, before.reason) if before else ("present", None)
            attendees.append(
                Attendee(someone.id, someone.name, status, reason, voter_on(someone, day))
            )
        field.show(attendees, kind == "general")

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        values = self.values()
        try:
            held_on = parse_date(values["held_on"], self.today.year)
        except ValidationError as error:
            self.show_error("held_on", str(error))
            return
        if self.query_one(ItemField).unmatched:
            self.show_error("item", t("tui_meetings.form.item_unmatched"))
            return
        checked = dict(values, held_on=held_on, item=self.query_one(ItemField).item_id)
        marks = self._marks()
        if self.meeting is None:
            self._add(self._draft(checked, marks))
            return
        changes = self._changes(values, checked)
        if changes is None and not marks:
            self.branch.say(t("tui.nothing_changed"))
            self.dismiss(self.meeting.id)
            return
        self._edit(changes or MeetingChanges(), marks)

    def _marks(self) -> tuple[Mark, ...]:
        """Each attendee marked otherwise than recorded (a new record: than present)."""
        stored = {
            a.member_id: (a.status, a.reason)
            for a in (self.meeting.attendance if self.meeting else ())
        }
        return tuple(
            Mark(a.member_id, a.status, a.reason)
            for a in self.query_one(AttendanceField).attendees
            if (a.status, a.reason if a.status != "present" else None)
            != stored.get(a.member_id, ("present", None))
        )

    @staticmethod
    def _who(value: Owner | None) -> int | str | None:
        if value is None:
            return None
        return value.member_id if value.member_id is not None else value.name

    def _draft(self, checked: dict[str, Any], marks: tuple[Mark, ...]) -> MeetingDraft:
        kind = str(checked["kind"])
        return MeetingDraft(
            kind,
            checked["held_on"],
            topic=checked["topic"].strip() or None,
            place=checked["place"].strip() or None,
            host=self._who(checked["host"]),
            recorder=self._who(checked["recorder"]),
            lecturer=self._who(checked["lecturer"]) if kind == "lecture" else None,
            group=str(checked["group"]) if kind == "group" else None,
            item_id=checked["item"],
            content=checked["content"].strip() or None,
            attendance=tuple(m for m in marks if m.status != "present"),
        )

    def _changes(self, values: dict[str, Any], checked: dict[str, Any]) -> MeetingChanges | None:
        """Only what the user changed since the form was filled."""
        given: dict[str, Any] = {}
        kind = str(checked["kind"])
        for name in EDITED:
            if values.get(name) == self._initial.get(name):
                continue
            value = checked[name]
            if name in PEOPLE:
                value = self._who(value)
            elif name == "group":
                value = str(value) if kind == "group" and value != Select.BLANK else None
            elif name in ("topic", "place", "content"):
                value = value.strip() or None
            given["item_id" if name == "item" else name] = value
        if "kind" in given and kind == "group" and "group" not in given:
            group = checked["group"]
            given["group"] = str(group) if group != Select.BLANK else None
        return MeetingChanges(**given) if given else None

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _add(self, draft: MeetingDraft) -> None:
        with self.branch.write_lock:
            written = self.branch.ws.add_meeting(draft)
        said = t(
            "tui_meetings.added",
            kind=label("meeting_kind", draft.kind),
            date=draft.held_on.isoformat(),
        )
        notices = tuple(notice.message() for notice in written.notices)
        self.app.call_from_thread(self._saved, written.view.id, (said, *notices))

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _edit(self, changes: MeetingChanges, marks: tuple[Mark, ...]) -> None:
        assert self.meeting is not None
        app = self.branch
        record = ("meeting", self.meeting.id)
        with app.write_lock:
            version = app.versions.latest(record, self.meeting.version)
            written = app.ws.edit_meeting(self.meeting.id, changes, version, marks)
            app.versions.saw(record, written.view.version)
        said = t("tui_meetings.saved", date=written.view.held_on.isoformat())
        first = said if written.changed else t("tui.nothing_changed")
        notices = tuple(notice.message() for notice in written.notices)
        self.app.call_from_thread(self._saved, self.meeting.id, (first, *notices))

    def _saved(self, meeting_id: int, messages: tuple[str, ...]) -> None:
        for message in messages:
            self.branch.say(message)
        self.dismiss(meeting_id)

    # -- someone else saved first -----------------------------------------------------------
    def reload_after_conflict(self) -> None:
        self._reload()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self) -> None:
        assert self.meeting is not None
        self.post_message(MeetingLoaded(self.branch.ws.meeting(self.meeting.id)))

    def on_meeting_loaded(self, message: MeetingLoaded) -> None:
        """Their values into the fields the user left alone; the user's stay."""
        untouched = self.values().get("attendance") == self._initial.get("attendance")
        self.take_theirs(meeting_values(message.meeting, self.today, self.groups))
        attendance = self.query_one(AttendanceField)
        if untouched:
            attendance.show(stored_attendees(message.meeting), message.meeting.kind == "general")
        self.meeting = message.meeting
        self._initial = {**self._initial, "attendance": attendance.value}


__all__ = ["MeetingForm", "meeting_values", "stored_attendees"]
