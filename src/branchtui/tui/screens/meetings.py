"""5 三会一课: the year's board (each kind, and each 党小组's group meetings, × periods:
held, due, overdue), its reminders, and the year's meetings as a list.

The board comes from `Workspace.meeting_board` and the list from `meeting_rows` (both
plain SQL on the light connection) in one worker; the change feed reloads them, the list
keeping its cursor on the same meeting. `enter` opens a meeting, `n` records one, `e`
edits the one under the cursor, `d` deletes it after asking.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Static

from branchtui.domain.workspace import Changed
from branchtui.i18n import t, tn
from branchtui.tui import meeting_text
from branchtui.tui.messages import MeetingsLoaded, Wrote
from branchtui.tui.screens.base import BranchScreen, branch_app
from branchtui.tui.widgets.line_list import LineList

if TYPE_CHECKING:
    from datetime import date

    from branchtui.domain.meeting_board import MeetingBoard
    from branchtui.domain.meeting_list import MeetingRow
    from branchtui.domain.meeting_views import MeetingView
    from branchtui.domain.workspace import Workspace
    from branchtui.tui.modals.meeting_form import MeetingForm

# Records whose change can change the board or the list.
_WATCHED = ("meeting", "meeting_attendance", "member", "checklist")
_ON_ROW = frozenset({"edit", "delete"})


class MeetingScreen(BranchScreen):
    """三会一课: the board, its reminders, the year's meetings."""

    AREA = "meetings"
    # DEFAULT_CSS rather than a .tcss beside it: a screen's CSS_PATH makes Textual parse
    # every stylesheet again when the screen first opens (~20 ms of switching to it).
    DEFAULT_CSS = """
    MeetingScreen {
        #board-box { height: auto; max-height: 60%; }
        #board, #board-reminders { height: auto; }
        #meetings-heading { height: 1; background: $panel; }
        #meetings { height: 1fr; }
        #meetings-count { height: 1; }
        & > .meetings--held { color: $success; text-style: bold; }
        & > .meetings--due { color: $warning; text-style: bold; }
        & > .meetings--overdue { color: $error; text-style: bold; }
        & > .meetings--not_due { color: $text-muted; }
    }
    """
    AUTO_FOCUS = "#meetings"  # the list (`tab` reaches the board, to scroll a tall one)
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *(f"meetings--{state}" for state in meeting_text.STATES)
    }
    EDITS: ClassVar[frozenset[str]] = frozenset({"new", "edit", "delete"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", "key.meetings.new", id="meetings.new"),
        Binding("e", "edit", "key.meetings.edit", id="meetings.edit"),
        Binding("d", "delete", "key.meetings.delete", show=False, id="meetings.delete"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.year = branch_app(self).year
        self.board: MeetingBoard | None = None
        self.rows: list[MeetingRow] = []
        self.pending: int | None = None  # a meeting to put the cursor on once loaded

    def compose_body(self) -> Iterable[Widget]:
        with VerticalScroll(id="board-box"):
            yield Static(id="board")
        yield Static(id="board-reminders")
        yield Static(id="meetings-heading")
        yield LineList(id="meetings")
        yield Static(id="meetings-count")

    @property
    def meetings(self) -> LineList:
        """The list of the year's meetings."""
        return self.query_one("#meetings", LineList)

    @property
    def row(self) -> MeetingRow | None:
        """The meeting under the cursor."""
        cursor = self.meetings.cursor
        if cursor is None or not self.rows:
            return None
        target = self.meetings.targets[cursor]
        return next((r for r in self.rows if str(r.id) == target), None)

    def on_mount(self) -> None:
        self.meetings.loading = True
        self.meetings.focus()
        self.watch(branch_app(self), "year", self._year_changed, init=False)
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in _ON_ROW and self.is_mounted and self.row is None:
            return None
        return super().check_action(action, parameters)

    # -- loading ----------------------------------------------------------------------------
    def _year_changed(self, year: int) -> None:
        self.year = year
        self.meetings.loading = True
        self.load()

    def apply_changes(self, changed: Changed) -> None:
        if changed.touches(*_WATCHED):
            self.load()

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """Read the board and the meetings in a thread."""
        year = self.year
        self.post_message(
            MeetingsLoaded(year, self.ws.meeting_board(year), self.ws.meeting_rows(year))
        )

    def on_meetings_loaded(self, message: MeetingsLoaded) -> None:
        if message.year != self.year:
            return
        self.board, self.rows = message.board, message.rows
        self.meetings.loading = False
        self._show()

    def _styles(self) -> dict[str, Style]:
        return {
            state: self.get_component_rich_style(f"meetings--{state}", partial=True)
            for state in meeting_text.STATES
        }

    def _show(self) -> None:
        if self.board is None:
            return
        width = max(40, (self.size.width or self.app.size.width) - 1)
        styles = self._styles()
        board = Text("\n").join(meeting_text.board_lines(self.board, width, styles))
        self.query_one("#board", Static).update(board)
        reminders = meeting_text.reminder_lines(self.board.reminders, width, styles)
        box = self.query_one("#board-reminders", Static)
        box.update(Text("\n").join(reminders))
        box.display = bool(reminders)
        kinds = meeting_text.kind_width(self.rows, width - 2)
        heading = meeting_text.list_heading(width - 2, kinds)
        self.query_one("#meetings-heading", Static).update(heading)
        lines = [meeting_text.meeting_line(row, width - 2, kinds, styles) for row in self.rows]
        targets: list[str | None] = [str(row.id) for row in self.rows]
        if not self.rows:
            lines = [Text(" " + t("tui_meetings.none", year=self.year), style="dim")]
            targets = [None]
        listing = self.meetings
        keep = self.pending
        listing.show(lines, targets)
        if keep is not None and str(keep) in targets:
            listing.cursor = targets.index(str(keep))
            listing.scroll_to_region_of(listing.cursor)
            listing.refresh()
            self.pending = None
        count = tn("tui_meetings.count", len(self.rows), year=self.year)
        self.query_one("#meetings-count", Static).update(Text(" " + count, style="dim"))
        self.refresh_bindings()

    def on_resize(self) -> None:
        self._show()

    def on_screen_resume(self) -> None:
        super().on_screen_resume()
        if self.board is not None:  # back from a record or a form: it may have changed
            self.load()

    # -- opening and recording --------------------------------------------------------------
    async def on_line_list_selected(self, event: LineList.Selected) -> None:
        from branchtui.tui.screens.meeting import MeetingDetail

        if event.target.isdigit():
            await self.app.push_screen(MeetingDetail(int(event.target)))

    def action_new(self) -> None:
        """`n`: record a meeting."""
        self.open_form(None)

    def action_edit(self) -> None:
        """`e`: edit the meeting under the cursor."""
        row = self.row
        if row is not None:
            self.open_form(row.id)

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def open_form(self, meeting_id: int | None) -> None:
        """Read what the form needs (the meeting, the register, the year's items)."""
        form = meeting_form(self.ws, self.year, meeting_id)
        self.app.call_from_thread(self.app.push_screen, form, self._form_closed)

    def _form_closed(self, meeting_id: int | None) -> None:
        if meeting_id is not None:
            self.pending = meeting_id
            self.load()

    @work(group="ask", exit_on_error=False)
    async def action_delete(self) -> None:
        """`d`: delete the meeting with its attendance after asking; `u` brings it back."""
        row = self.row
        if row is not None:
            await delete_meeting(self, row.id, row.version, row.held_on, row.kind, row.group)

    def on_wrote(self, message: Wrote) -> None:
        # BranchScreen's own on_wrote says the messages (Textual runs it too).
        self.load()


async def delete_meeting(
    screen: BranchScreen,
    meeting_id: int,
    version: int,
    held_on: date,
    kind: str,
    group: str | None,
) -> None:
    """Delete a meeting with its attendance after asking (the list's `d` and the record's)."""
    from branchtui.tui.modals.confirm import ConfirmModal

    what = t(
        "tui_meetings.what", date=held_on.isoformat(), kind=meeting_text.kind_text(kind, group)
    )
    question = t("tui_meetings.delete_question", what=what)
    if not await screen.app.push_screen_wait(ConfirmModal(question, yes=t("tui.plan.delete_yes"))):
        return
    ws = screen.ws

    def delete(version: int) -> None:
        ws.delete_meeting(meeting_id, version)

    screen.write(("meeting", meeting_id), version, delete, t("tui_meetings.deleted", what=what))


def meeting_form(ws: Workspace, year: int, meeting_id: int | None) -> MeetingForm:
    """The record form of meeting `meeting_id` (None: a new one), with what it offers
    (call from a worker: it reads the meeting, the register and the year's items)."""
    from branchtui.tui.modals.meeting_form import MeetingForm
    from branchtui.tui.widgets.meeting_fields import item_choices

    meeting: MeetingView | None = ws.meeting(meeting_id) if meeting_id is not None else None
    return MeetingForm(
        today=ws.today,
        people=ws.meeting_people(),
        owners=ws.owner_choices(),
        items=item_choices(ws.plan_rows(meeting.held_on.year if meeting else year)),
        meeting=meeting,
    )


__all__ = ["MeetingScreen", "meeting_form"]
