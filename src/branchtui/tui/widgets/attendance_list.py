"""A meeting's attendance in its form: every expected attendee, `space` cycling present →
excused (请假) → absent (缺席), the reason for the last two typed under the list; it
says (`Counted`) how the attendance adds up and — for a 支部党员大会 — whether the voters
present make a quorum, for the form to keep in sight.

What the field holds (`value`) is the attendees' (member, status, reason), so the form
sees whether anything was changed; the form turns them into the domain's marks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from branchtui.display import pad, safe
from branchtui.domain.meeting_kinds import ATTENDANCE_STATUSES
from branchtui.domain.meeting_rules import Quorum
from branchtui.i18n import label, t

SYMBOLS = {"present": "✓", "excused": "○", "absent": "✗"}
NAME_WIDTH = 12


@dataclass(frozen=True)
class Attendee:
    """One expected attendee as the form shows them."""

    member_id: int
    name: str
    status: str
    reason: str | None
    voter: bool  # a full member on the meeting's day (a 党员大会's quorum counts these)


def next_status(status: str) -> str:
    """present → excused → absent → present."""
    index = ATTENDANCE_STATUSES.index(status) if status in ATTENDANCE_STATUSES else -1
    return ATTENDANCE_STATUSES[(index + 1) % len(ATTENDANCE_STATUSES)]


def attendee_text(attendee: Attendee, styles: Mapping[str, Style | str] | None = None) -> Text:
    """`✓ 张三    出席` (the reason after it), symbol and word."""
    status = attendee.status
    text = Text(f"{SYMBOLS.get(status, '?')} ", style=(styles or {}).get(status, ""))
    text.append(pad(safe(attendee.name), NAME_WIDTH) + " ")
    text.append(label("attendance", status), style="bold" if status != "present" else "")
    if attendee.reason and status != "present":
        text.append(f"  {safe(attendee.reason)}", style="dim")
    return text


class Attendees(OptionList):
    """The attendees, one line each; `space` cycles the one under the cursor."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("space", "cycle", "key.meetings.cycle", id="attendance.cycle"),
        Binding("r", "reason", "key.meetings.reason", id="attendance.reason"),
        Binding("down,j", "cursor_down", "key.down", show=False, id="attendance.down"),
        Binding("up,k", "cursor_up", "key.up", show=False, id="attendance.up"),
    ]

    def action_cycle(self) -> None:
        """The next status for the attendee under the cursor."""
        field = self.parent
        if isinstance(field, AttendanceField) and self.highlighted is not None:
            field.cycle(self.highlighted)

    def action_reason(self) -> None:
        """Type the reason of the attendee under the cursor (excused or absent)."""
        field = self.parent
        if isinstance(field, AttendanceField):
            reason = field.query_one(".attendance-reason", Input)
            if not reason.disabled:
                reason.focus()


class AttendanceField(Vertical):
    """The attendance list, the reason of the attendee under the cursor, the counts."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "attendance--present",
        "attendance--excused",
        "attendance--absent",
        "attendance--warning",
    }
    DEFAULT_CSS = """
    AttendanceField {
        height: auto;
        & > .attendance--present { color: $success; }
        & > .attendance--excused { color: $warning; }
        & > .attendance--absent { color: $error; text-style: bold; }
        & > .attendance--warning { color: $error; text-style: bold; }
        .attendance-list { height: auto; max-height: 12; border: none; padding: 0; }
        .attendance-reason { margin-top: 0; }
    }
    """

    def __init__(
        self, attendees: Sequence[Attendee], *, general: bool = False, id: str | None = None
    ) -> None:
        super().__init__(id=id, classes="attendance-field")
        self.attendees = list(attendees)
        self.general = general

    def compose(self) -> ComposeResult:
        yield Attendees(classes="attendance-list")
        yield Input(
            placeholder=t("tui_meetings.form.reason_placeholder"),
            compact=True,
            classes="attendance-reason",
        )

    def on_mount(self) -> None:
        self.show(self.attendees, self.general)

    @property
    def value(self) -> tuple[tuple[int, str, str | None], ...]:
        """Each attendee's (member, status, reason)."""
        return tuple((a.member_id, a.status, a.reason) for a in self.attendees)

    @property
    def quorum(self) -> Quorum | None:
        """For a 支部党员大会: the voters and how many of them are marked present."""
        if not self.general:
            return None
        voters = [a for a in self.attendees if a.voter]
        return Quorum(len(voters), sum(1 for a in voters if a.status == "present"))

    def show(self, attendees: Sequence[Attendee], general: bool) -> None:
        """New attendees (another kind, group or day); the cursor stays on the same member."""
        options = self.query_one(Attendees)
        keep = self._current()
        self.attendees, self.general = list(attendees), general
        options.clear_options()
        options.add_options(
            Option(attendee_text(a, self._styles()), id=str(a.member_id)) for a in self.attendees
        )
        ids = [a.member_id for a in self.attendees]
        options.highlighted = (
            ids.index(keep.member_id) if keep and keep.member_id in ids else (0 if ids else None)
        )
        options.display = bool(self.attendees)
        self._show_reason()
        self._show_counts()

    def _styles(self) -> dict[str, Style]:
        return {
            status: self.get_component_rich_style(f"attendance--{status}", partial=True)
            for status in ATTENDANCE_STATUSES
        }

    def _current(self) -> Attendee | None:
        index = self.query_one(Attendees).highlighted
        return self.attendees[index] if index is not None and index < len(self.attendees) else None

    def cycle(self, index: int) -> None:
        """`space`: present → excused → absent → present (the reason kept for the last two)."""
        attendee = self.attendees[index]
        status = next_status(attendee.status)
        self._set(index, replace(attendee, status=status))

    def _set(self, index: int, attendee: Attendee) -> None:
        self.attendees[index] = attendee
        options = self.query_one(Attendees)
        options.replace_option_prompt_at_index(index, attendee_text(attendee, self._styles()))
        self._show_reason()
        self._show_counts()

    @on(OptionList.OptionHighlighted)
    def _moved(self, _event: OptionList.OptionHighlighted) -> None:
        self._show_reason()

    def _show_reason(self) -> None:
        field = self.query_one(".attendance-reason", Input)
        attendee = self._current()
        with field.prevent(Input.Changed):
            field.value = (attendee.reason or "") if attendee else ""
        field.disabled = attendee is None or attendee.status == "present"

    @on(Input.Changed, ".attendance-reason")
    def _reason_typed(self, event: Input.Changed) -> None:
        event.stop()
        index = self.query_one(Attendees).highlighted
        if index is None or index >= len(self.attendees):
            return
        attendee = self.attendees[index]
        if attendee.status != "present":
            self._set(index, replace(attendee, reason=event.value.strip() or None))

    @on(Input.Submitted, ".attendance-reason")
    def _reason_done(self, event: Input.Submitted) -> None:
        event.stop()
        self.query_one(Attendees).focus()

    class Counted(Message):
        """The attendance changed: how it adds up now, in words."""

        def __init__(self, summary: Text) -> None:
            super().__init__()
            self.summary = summary

    def _show_counts(self) -> None:
        self.post_message(self.Counted(self.summary()))

    def summary(self) -> Text:
        """Expected, present, excused, absent; for a 支部党员大会 the quorum."""
        counts = {status: 0 for status in ATTENDANCE_STATUSES}
        for attendee in self.attendees:
            counts[attendee.status] = counts.get(attendee.status, 0) + 1
        text = Text(
            t(
                "meeting.counts",
                expected=len(self.attendees),
                present=counts["present"],
                excused=counts["excused"],
                absent=counts["absent"],
            )
        )
        if not self.attendees:
            text = Text(t("tui_meetings.form.nobody_expected"), style="dim")
        quorum = self.quorum
        if quorum is not None:
            key = "meeting.quorum_line" if quorum.quorate else "meeting.quorum_short"
            line = t(key, voters=quorum.voters, present=quorum.present)
            text.append("\n")
            warning = self.get_component_rich_style("attendance--warning", partial=True)
            text.append(line, style="" if quorum.quorate else warning)
        return text

    def focus(self, scroll_visible: bool = True) -> AttendanceField:
        self.query_one(Attendees).focus(scroll_visible)
        return self


__all__ = ["AttendanceField", "Attendee", "attendee_text", "next_status"]
