"""One meeting's record: every field, who attended (and who did not, with the reasons),
and for a 支部党员大会 whether it was quorate. Pushed over the 三会一课 screen (`enter`);
`e` edits it, `d` deletes it, `escape` goes back.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from branchtui.display import local_time, safe
from branchtui.domain.meeting_views import MeetingView
from branchtui.domain.workspace import Changed
from branchtui.errors import NotFoundError
from branchtui.i18n import label, t
from branchtui.tui.meeting_text import kind_text
from branchtui.tui.messages import MeetingGone, MeetingLoaded, Wrote
from branchtui.tui.screens.base import BranchScreen
from branchtui.tui.widgets.attendance_list import SYMBOLS
from branchtui.tui.widgets.chrome import BranchHeader


class MeetingDetail(BranchScreen):
    """组织生活记录: one meeting."""

    AREA = "meetings"
    DEFAULT_CSS = """
    #meeting-body {
        height: 1fr;
        padding: 0 1;
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"meeting--warning"}
    EDITS: ClassVar[frozenset[str]] = frozenset({"edit", "delete"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "key.back", id="meeting.back"),
        Binding("e", "edit", "key.meetings.edit", id="meeting.edit"),
        Binding("d", "delete", "key.meetings.delete", id="meeting.delete"),
    ]

    def __init__(self, meeting_id: int) -> None:
        super().__init__()
        self.meeting_id = meeting_id
        self.meeting: MeetingView | None = None

    @property
    def title_text(self) -> str:
        return t("tui_meetings.detail", id=self.meeting_id)

    @property
    def help_name(self) -> str:
        """What `?` calls this screen."""
        return t("tui.help.detail.meeting")

    def compose_body(self) -> Iterable[Widget]:
        with VerticalScroll(id="meeting-body"):
            yield Static(id="meeting-fields")

    def on_mount(self) -> None:
        self.query_one("#meeting-body").focus()
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITS and self.meeting is None:
            return None
        return super().check_action(action, parameters)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """The meeting and its attendance, read in a thread."""
        try:
            self.post_message(MeetingLoaded(self.ws.meeting(self.meeting_id)))
        except NotFoundError:
            self.post_message(MeetingGone(self.meeting_id))

    def apply_changes(self, changed: Changed) -> None:
        if changed.touches("meeting", "meeting_attendance", "member", "plan_item"):
            self.load()

    def on_meeting_gone(self, _message: MeetingGone) -> None:
        self.notify(t("tui_meetings.gone", id=self.meeting_id), severity="warning", markup=False)
        self.dismiss()

    def on_meeting_loaded(self, message: MeetingLoaded) -> None:
        self.meeting = message.meeting
        title = t(
            "tui_meetings.detail_kind", kind=kind_text(message.meeting.kind, message.meeting.group)
        )
        self.query_one(BranchHeader).show_title(title)
        warning = self.get_component_rich_style("meeting--warning", partial=True)
        self.query_one("#meeting-fields", Static).update(meeting_lines(message.meeting, warning))
        self.refresh_bindings()

    def on_wrote(self, message: Wrote) -> None:
        # BranchScreen's own on_wrote says the messages (Textual runs it too).
        if message.view is None:
            self.dismiss()

    # -- keys -------------------------------------------------------------------------------
    def action_back(self) -> None:
        """Back to the board and the list."""
        self.dismiss()

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def action_edit(self) -> None:
        """Edit the record (its form)."""
        from branchtui.tui.screens.meetings import meeting_form

        form = meeting_form(
            self.ws, self.meeting.held_on.year if self.meeting else 0, self.meeting_id
        )
        self.app.call_from_thread(self.app.push_screen, form, lambda _saved: self.load())

    @work(group="ask", exit_on_error=False)
    async def action_delete(self) -> None:
        """Delete the record with its attendance after asking."""
        from branchtui.tui.screens.meetings import delete_meeting

        meeting = self.meeting
        if meeting is not None:
            await delete_meeting(
                self, meeting.id, meeting.version, meeting.held_on, meeting.kind, meeting.group
            )


def meeting_lines(meeting: MeetingView, warning: Style | str = "bold") -> Text:
    """The record as labelled lines: the fields, the counts, the quorum, the attendees."""
    text = Text(
        f"{meeting.held_on.isoformat()}  {kind_text(meeting.kind, meeting.group)}\n", style="bold"
    )
    fields = [
        ("place", meeting.place),
        ("host", meeting.host),
        ("recorder", meeting.recorder),
        ("lecturer", meeting.lecturer),
        ("topic", meeting.topic),
    ]
    for name, value in fields:
        if value:
            text.append(t("tui.item.field", name=t(f"field.{name}")), style="dim")
            text.append(safe(value) + "\n")
    if meeting.item:
        text.append(t("tui.item.field", name=t("meeting.served_item")), style="dim")
        text.append(safe(meeting.item) + "\n")
    if meeting.content:
        text.append(t("field.content") + "\n", style="dim")
        text.append(safe(meeting.content, keep_layout=True) + "\n")
    counts = t(
        "meeting.counts",
        expected=meeting.expected,
        present=meeting.present,
        excused=meeting.excused,
        absent=meeting.absent,
    )
    text.append("\n" + counts + "\n", style="bold")
    if meeting.quorum is not None:
        quorate = meeting.quorum.quorate
        key = "meeting.quorum_line" if quorate else "meeting.quorum_short"
        line = t(key, voters=meeting.quorum.voters, present=meeting.quorum.present)
        text.append(("" if quorate else "✗ ") + line + "\n", style="" if quorate else warning)
    for attendee in meeting.attendance:
        if attendee.status == "present":
            continue
        status = label("attendance", attendee.status)
        text.append(f" {SYMBOLS[attendee.status]} {safe(attendee.name)}  {status}")
        text.append(f"  {safe(attendee.reason)}\n" if attendee.reason else "\n", style="dim")
    present = [safe(a.name) for a in meeting.attendance if a.status == "present"]
    if present:
        text.append(t("tui_meetings.present_names", names=t("list.separator").join(present)) + "\n")
    stamps = t(
        "tui.item.stamps",
        created=local_time(meeting.created_at),
        updated=local_time(meeting.updated_at),
    )
    text.append("\n" + stamps, style="dim")
    return text


__all__ = ["MeetingDetail", "meeting_lines"]
