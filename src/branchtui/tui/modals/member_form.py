"""The form of a member, new or edited: every field of the register, stage and gender as
selects with their labels, dates in any form SPEC §5 accepts.

The phone and ID number stay masked unless the screen that opened the form had revealed
them: a masked field is empty with the masked number as its placeholder, and only what
is typed into it is saved (typing replaces the number). The domain's rules answer on save
(a FieldError lands on its field, DOMAIN §2's advice comes back as notices). An edit
sends only what the user changed, based on the version the form was opened with; if
someone saved meanwhile, the form says who and when, takes their values into the fields
left alone and keeps what was typed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rich.text import Text
from textual import work
from textual.widget import Widget
from textual.widgets import Input, Select, Static, TextArea

from branchtui.display import safe
from branchtui.domain.member_views import MemberView
from branchtui.domain.members import MemberChanges
from branchtui.domain.privacy import mask
from branchtui.domain.stages import STAGES
from branchtui.i18n import label, t
from branchtui.tui.messages import MemberLoaded
from branchtui.tui.modals.dated_form import DatedForm
from branchtui.tui.modals.form import FormField
from branchtui.tui.widgets.member_model import GENDERS, gender_text

TEXTS = ("name", "ethnicity", "education", "group", "post", "sponsors", "contacts")
PRIVATE = ("phone", "id_number")
DATES = (
    "birth_date",
    "applied_on",
    "activist_on",
    "candidate_on",
    "admitted_on",
    "probation_extended_to",
    "confirmed_on",
)
# The fields in the form's order (what a change can touch).
ORDER = (
    "name",
    "gender",
    "ethnicity",
    "birth_date",
    "education",
    "group",
    "post",
    "stage",
    "applied_on",
    "activist_on",
    "candidate_on",
    "admitted_on",
    "probation_extended_to",
    "confirmed_on",
    "sponsors",
    "contacts",
    "phone",
    "id_number",
    "notes",
)


def member_values(member: MemberView | None, revealed: bool) -> dict[str, Any]:
    """The form's values for `member` (or a new member's): private fields empty unless
    `revealed` (their masked value is the placeholder)."""
    if member is None:
        values: dict[str, Any] = dict.fromkeys(ORDER, "")
        values.update(gender=Select.NULL, stage="applicant")
        return values
    values = {name: getattr(member, name) or "" for name in (*TEXTS, *PRIVATE, "notes")}
    for name in DATES:
        day: date | None = getattr(member, name)
        values[name] = day.isoformat() if day else ""
    values["gender"] = member.gender or Select.NULL
    values["stage"] = member.stage
    if not revealed:
        values.update(dict.fromkeys(PRIVATE, ""))
    return values


class MemberForm(DatedForm[int]):
    """New (`member` None) or edit; dismissed with the member's id once saved."""

    def __init__(self, year: int, member: MemberView | None = None, *, revealed: bool = False):
        super().__init__(year)
        self.member = member
        self.revealed = revealed
        self.start = member_values(member, revealed)
        self.add_class("wide-labels")

    def form_title(self) -> str:
        if self.member is None:
            return t("tui.members.form.new")
        return t("tui.members.form.edit", name=safe(self.member.name), id=self.member.id)

    def fields(self) -> Iterable[FormField]:
        start = self.start
        for name in ORDER:
            caption = t(f"tui.members.label.{name}")
            if name in DATES:
                day = date.fromisoformat(start[name]) if start[name] else None
                yield self.date_field(name, caption, day)
            else:
                yield FormField(name, caption, self._widget(name), self._hint(name))

    def _widget(self, name: str) -> Widget:
        start = self.start
        if name == "gender":
            options = [(gender_text(stored, short=False), stored) for stored in GENDERS]
            stored = self.member.gender if self.member else None
            if stored and stored not in GENDERS:
                options.append((safe(stored), stored))  # as the register wrote it
            prompt = t("tui.members.form.not_recorded")
            return Select(options, value=start["gender"], prompt=prompt, compact=True)
        if name == "stage":
            options = [(label("stage", code), code) for code in STAGES]
            return Select(options, value=start["stage"], allow_blank=False, compact=True)
        if name == "notes":
            return TextArea(start["notes"], compact=True)
        placeholder = ""
        if name in PRIVATE and self.member is not None and not self.revealed:
            stored = getattr(self.member, name)
            if stored:
                placeholder = t("tui.members.form.private_kept", masked=mask(stored))
        elif name in ("sponsors", "contacts"):
            placeholder = t("tui.members.form.names_placeholder")
        return Input(start[name], placeholder=placeholder, id=f"member-{name}", compact=True)

    def _hint(self, name: str) -> Static | None:
        if name == "stage" and self.member is not None:
            return Static(Text(t("tui.members.form.stage_hint")), classes="form-hint")
        return None

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#member-name", Input))

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> None:
        values = self.values()
        dates, errors = self.read_dates(values, DATES)
        if not str(values["name"]).strip():
            errors["name"] = t("record.required", field=t("field.name"))
        if errors:
            for name, message in errors.items():
                self.show_error(name, message)
            return
        changes = self._changes(values, dates)
        if changes is not None:
            self._write(changes)
        elif self.member is not None:
            self.branch.say(t("tui.nothing_changed"))
            self.dismiss(self.member.id)

    def _changes(
        self, values: dict[str, Any], dates: dict[str, date | None]
    ) -> MemberChanges | None:
        """What the user changed since the form was filled (everything given, for a new
        member); None for an edit that changed nothing."""
        given: dict[str, Any] = {}
        for name in ORDER:
            if self.member is not None and values[name] == self._initial.get(name):
                continue
            value = values[name]
            if name in DATES:
                value = dates[name]
            elif name == "gender":
                value = None if value is Select.NULL else value
            elif isinstance(value, str):
                value = value.strip() or None
            if self.member is None and value is None:
                continue
            given[name] = value
        if self.member is not None and not given:
            return None
        return MemberChanges(**given)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _write(self, changes: MemberChanges) -> None:
        ws = self.branch.ws
        with self.branch.write_lock:
            if self.member is None:
                written = ws.add_member(changes)
                said = t("tui.members.added", name=safe(written.view.name))
            else:
                written = ws.edit_member(self.member.id, changes, self.member.version)
                said = t("tui.members.saved", name=safe(written.view.name))
        self.branch.versions.saw(("member", written.view.id), written.view.version)
        first = said if written.changed else t("tui.nothing_changed")
        messages = (first, *(notice.message() for notice in written.notices))
        self.app.call_from_thread(self._saved, written.view.id, messages)

    def _saved(self, member_id: int, messages: tuple[str, ...]) -> None:
        for index, message in enumerate(messages):
            self.branch.say(message, "information" if index == 0 else "warning")
        self.dismiss(member_id)

    # -- someone else saved first -----------------------------------------------------------
    def reload_after_conflict(self) -> None:
        self._reload()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self) -> None:
        assert self.member is not None
        self.post_message(MemberLoaded(self.branch.ws.member(self.member.id)))

    def on_member_loaded(self, message: MemberLoaded) -> None:
        """Their values into the fields the user left alone; the user's stay."""
        self.member = message.member
        self.take_theirs(member_values(message.member, self.revealed))


__all__ = ["MemberForm", "member_values"]
