"""Moving a member on: `p` asks the date of the next stage (and the domain's preview of
it answers: the warnings, the 转正 date), `t` asks the date of a transfer out.

`PromoteForm` writes nothing: its save asks the Workspace what the promotion would do
(the same code `promote` runs) and is dismissed with that preview, which the screen shows
for confirmation. A refusal (a date after today, before the stage began) lands on the
date field. `LeaveForm` is itself the confirmation: its save transfers the member out.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from rich.text import Text
from textual import work
from textual.widgets import Input, TextArea

from branchtui.display import safe
from branchtui.domain.members import PromotionPreview
from branchtui.domain.stages import next_stage
from branchtui.errors import FieldError, ValidationError
from branchtui.i18n import label, t
from branchtui.tui.messages import MemberLoaded
from branchtui.tui.modals.dated_form import DatedForm
from branchtui.tui.modals.form import FormField


class MemberDateForm(DatedForm[Any]):
    """A date asked about one member (`member_id`, `name`, at `version`)."""

    SHORT = True

    def __init__(self, member_id: int, name: str, version: int, year: int, today: date) -> None:
        super().__init__(year)
        self.member_id = member_id
        self.member_name = name
        self.version = version
        self.today = today

    def checked_date(self) -> date | None:
        """The date typed, or None after showing why it is not one."""
        dates, errors = self.read_dates(self.values(), ("date",))
        if "date" not in errors and dates.get("date") is None:
            errors["date"] = t("record.required", field=t("field.date"))
        if errors:
            self.show_error("date", errors["date"])
            return None
        return dates["date"]

    def on_mount(self) -> None:
        self.set_focus(self.query_one(".date-input", Input))

    def reload_after_conflict(self) -> None:
        self._reload()

    @work(thread=True, exclusive=True, group="reload", exit_on_error=False)
    def _reload(self) -> None:
        self.post_message(MemberLoaded(self.branch.ws.member(self.member_id)))

    def on_member_loaded(self, message: MemberLoaded) -> None:
        """Someone changed the member meanwhile: the next save is based on their version."""
        self.version = message.member.version


class PromoteForm(MemberDateForm):
    """`p`: the date the member enters the next stage; dismissed with the preview."""

    def __init__(
        self, member_id: int, name: str, stage: str, version: int, year: int, today: date
    ) -> None:
        super().__init__(member_id, name, version, year, today)
        self.stage = stage
        self.target = next_stage(stage) or stage

    def form_title(self) -> str:
        return t(
            "tui.members.promote.title",
            name=safe(self.member_name),
            stage=label("stage", self.stage),
            next=label("stage", self.target),
        )

    def form_note(self) -> str:
        full = self.target == "full"
        return t("tui.members.promote.hint_full" if full else "tui.members.promote.hint")

    def fields(self) -> Iterable[FormField]:
        yield self.date_field("date", t("field.date"), self.today)

    def save(self) -> None:
        on_date = self.checked_date()
        if on_date is not None:
            self._preview(on_date)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _preview(self, on_date: date) -> None:
        try:
            preview = self.branch.ws.promotion_preview(self.member_id, on_date, self.version)
        except ValidationError as error:
            if isinstance(error, FieldError) and error.field != "date":
                raise
            raise FieldError.of(error, "date") from None
        self.app.call_from_thread(self.dismiss, preview)


def promotion_question(preview: PromotionPreview) -> tuple[str, Text]:
    """What `p` asks before writing: the move, and under it the 转正 date the rules give
    and each of DOMAIN §2's warnings (or that there is none)."""
    question = t(
        "tui.members.promote.question",
        name=safe(preview.name),
        stage=label("stage", preview.stage),
        next=label("stage", preview.target),
        date=preview.on_date.isoformat(),
    )
    lines: list[Text] = []
    if preview.confirmed_on is not None:
        end, on = preview.confirmed_on.isoformat(), preview.on_date.isoformat()
        lines.append(Text(t("tui.members.promote.confirmed_on", end=end, date=on), "bold"))
    if preview.warnings:
        lines.append(Text(t("tui.members.promote.warnings"), "bold"))
        lines.extend(Text(f"⚠ {warning_text(warning)}") for warning in preview.warnings)
    else:
        lines.append(Text(t("tui.members.promote.no_warnings")))
    return question, Text("\n").join(lines)


def warning_text(warning: Any) -> str:
    """A DOMAIN §2 warning as the app says it: the app's own words where the command
    line's would name a command (`member set --sponsors`), else the domain's."""
    from branchtui.i18n import catalog, current_language

    key = f"tui.members.warning.{warning.key}"
    if key in catalog(current_language()):
        params = dict(warning.params)
        for name in ("stage", "next_stage"):
            if name in params:
                params[f"{name}_label"] = label("stage", params[name])
        return t(key, **params)
    return str(warning.message())


class LeaveForm(MemberDateForm):
    """`t`: transfer the member out (转出) on a date, with a note; dismissed with the id."""

    def form_title(self) -> str:
        return t("tui.members.leave.title", name=safe(self.member_name))

    def form_note(self) -> str:
        return t("tui.members.leave.hint")

    def fields(self) -> Iterable[FormField]:
        yield self.date_field("date", t("field.date"), self.today)
        yield FormField("note", t("field.note"), TextArea("", compact=True))

    def save(self) -> None:
        on_date = self.checked_date()
        if on_date is not None:
            note = str(self.values().get("note") or "").strip() or None
            self._leave(on_date, note)

    @work(thread=True, exclusive=True, group="save", exit_on_error=False)
    def _leave(self, on_date: date, note: str | None) -> None:
        with self.branch.write_lock:
            view = self.branch.ws.leave(self.member_id, on_date, note, self.version).view
        self.branch.versions.saw(("member", view.id), view.version)
        said = t("tui.members.left", name=safe(view.name), date=on_date.isoformat())
        self.app.call_from_thread(self.branch.say, said)
        self.app.call_from_thread(self.dismiss, view.id)


__all__ = ["LeaveForm", "PromoteForm", "promotion_question", "warning_text"]
