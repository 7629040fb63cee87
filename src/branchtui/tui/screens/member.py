"""One member: every field of the register, the stage dates, 预备期 end and 党龄, sponsors
and contacts, what is due, and the 培养记录 as a timeline with the training hours.
Pushed over the register (`enter`); `escape` goes back.

The timeline owns the event keys (`e` edits, `d` deletes after asking); the screen owns
the member's (`a` adds an event, `E` edits the member, `p` the next stage, `t` transfer
out, `ctrl+r` shows the phone and ID number until the screen is left).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from branchtui.display import local_time, pad, safe
from branchtui.domain.privacy import shown
from branchtui.domain.workspace import Changed
from branchtui.errors import NotFoundError
from branchtui.i18n import label, t
from branchtui.tui.messages import MemberGone, MemberLoaded, Wrote
from branchtui.tui.screens.base import Editing, branch_app
from branchtui.tui.screens.members import MemberArea
from branchtui.tui.widgets.chrome import BranchHeader
from branchtui.tui.widgets.member_model import gender_text

if TYPE_CHECKING:
    from branchtui.domain.member_events import EventView
    from branchtui.domain.member_views import MemberView

# The fields shown in pairs, two to a line where there is room.
PAIRS: tuple[tuple[str, str], ...] = (
    ("gender", "ethnicity"),
    ("birth_date", "education"),
    ("group", "post"),
    ("applied_on", "activist_on"),
    ("candidate_on", "admitted_on"),
    ("probation_end", "confirmed_on"),
    ("probation_extended_to", "party_age"),
    ("sponsors", "contacts"),
    ("phone", "id_number"),
    ("training_hours", "left_on"),
)
COLUMN = 38  # cells of one field of a pair


class EventList(Editing, OptionList):
    """The member's 培养记录, oldest first."""

    EDITS: ClassVar[frozenset[str]] = frozenset({"edit_event", "delete_event"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit_event", "key.members.event_edit", id="event.edit"),
        Binding("d", "delete_event", "key.members.event_delete", id="event.delete"),
        Binding("down,j", "cursor_down", "key.down", show=False, id="event.next"),
        Binding("up,k", "cursor_up", "key.up", show=False, id="event.previous"),
    ]

    def __init__(self) -> None:
        super().__init__(id="events")
        self.events: tuple[EventView, ...] = ()

    @property
    def event(self) -> EventView | None:
        """The event under the cursor."""
        index = self.highlighted
        return self.events[index] if index is not None and index < len(self.events) else None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITS and self.event is None:
            return None
        return self.editing_allowed(action)

    def show(self, events: Sequence[EventView]) -> None:
        """The events, keeping the cursor on the same one."""
        keep = self.event.id if self.event else None
        self.events = tuple(events)
        self.clear_options()
        self.add_options(Option(_event_text(event), id=str(event.id)) for event in events)
        index = next((i for i, e in enumerate(self.events) if e.id == keep), 0)
        self.highlighted = index if self.events else None
        self.refresh_bindings()

    def action_edit_event(self) -> None:
        screen = self.screen
        if isinstance(screen, MemberScreen) and self.event is not None:
            screen.open_event_form(self.event)

    def action_delete_event(self) -> None:
        screen = self.screen
        if isinstance(screen, MemberScreen) and self.event is not None:
            screen.delete_event(self.event)


def _event_text(event: EventView) -> Text:
    text = Text()
    text.append(event.date.isoformat() + "  ", style="bold")
    text.append(pad(label("event", event.kind), 10))
    if event.hours is not None:
        text.append(t("tui.members.hours", hours=f"{event.hours:g}") + "  ", style="italic")
    if event.note:
        text.append(" ".join(safe(event.note).split()), style="dim")
    return text


class MemberScreen(MemberArea):
    """党员 N: one member's record and 培养记录."""

    DEFAULT_CSS = """
    MemberScreen {
        #member-body { padding: 0 1; }
        #member-fields { height: auto; margin-bottom: 1; }
        #events { height: auto; border: none; padding: 0; margin-bottom: 1; }
    }
    """
    EDITS: ClassVar[frozenset[str]] = frozenset({"add_event", "edit_member", "promote", "leave"})
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,backspace", "back", "key.back", id="member.back"),
        Binding("a", "add_event", "key.members.event_add", id="member.add_event"),
        Binding("E", "edit_member", "key.members.edit", id="member.edit"),
        Binding("p", "promote", "key.members.promote", id="member.promote"),
        Binding("t", "leave", "key.members.leave", show=False, id="member.leave"),
        Binding("ctrl+r", "reveal", "key.members.reveal", id="member.reveal"),
    ]

    def __init__(self, member_id: int) -> None:
        super().__init__()
        self.member_id = member_id
        self.member: MemberView | None = None
        self.saved_event: int | None = None  # the record just saved: the cursor goes to it

    @property
    def title_text(self) -> str:
        return t("tui.members.heading", id=self.member_id)

    @property
    def help_name(self) -> str:
        """What `?` calls this screen."""
        return t("tui.help.detail.member")

    def compose_body(self) -> Iterable[Widget]:
        with VerticalScroll(id="member-body"):
            yield Static(id="member-fields")
            yield Static(id="events-heading", classes="section")
            yield EventList()

    def on_mount(self) -> None:
        self.query_one(EventList).focus()
        self.load()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in self.EDITS and self.member is None:
            return None
        return super().check_action(action, parameters)

    # -- data -------------------------------------------------------------------------------
    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load(self) -> None:
        """The member and the 培养记录, read in a thread."""
        try:
            member = self.ws.member(self.member_id)
        except NotFoundError:
            self.post_message(MemberGone(self.member_id))
            return
        self.post_message(MemberLoaded(member))

    def apply_changes(self, changed: Changed) -> None:
        # Its own row, or any event (a new event's id is not known here yet).
        if ("member", self.member_id) in changed.records or changed.touches("member_event"):
            self.load()

    def on_member_gone(self, _message: MemberGone) -> None:
        self.notify(t("tui.members.gone", id=self.member_id), severity="warning", markup=False)
        self.dismiss()

    def on_member_loaded(self, message: MemberLoaded) -> None:
        member = message.member
        self.member = member
        self.query_one(BranchHeader).show_title(
            t("tui.members.heading_name", name=safe(member.name), id=member.id)
        )
        self.show_member()
        self.refresh_bindings()

    def on_wrote(self, message: Wrote) -> None:
        self.load()

    def member_written(self, member_id: int | None) -> None:
        if member_id is not None:
            self.load()

    def show_revealed(self) -> None:
        self.show_member()

    # -- showing ----------------------------------------------------------------------------
    def show_member(self) -> None:
        """Every field, the reminders, and the timeline."""
        member = self.member
        if member is None:
            return
        width = max(40, self.size.width - 2)
        fields = _fields(member, self.ws.today, self.revealed, width)
        self.query_one("#member-fields", Static).update(fields)
        heading = Text(t("tui.members.events"), style="bold")
        heading.append(t("tui.members.training_total", hours=f"{member.training_hours:g}"))
        if not member.events:
            heading.append("  " + t("tui.members.no_events"), style="dim")
        self.query_one("#events-heading", Static).update(heading)
        events = self.query_one(EventList)
        events.show(member.events)
        events.display = bool(member.events)
        index = next((i for i, e in enumerate(member.events) if e.id == self.saved_event), None)
        if index is not None:  # the first record too: its e and d work at once
            self.saved_event = None
            events.highlighted = index
            if self.is_current:  # never from under a form opened meanwhile
                events.focus()

    def on_resize(self) -> None:
        self.show_member()

    # -- the keys ---------------------------------------------------------------------------
    def action_back(self) -> None:
        """Back to the register."""
        self.dismiss()

    def action_add_event(self) -> None:
        """A new 培养记录."""
        self.open_event_form(None)

    def open_event_form(self, event: EventView | None) -> None:
        """The form of a 培养记录 (new when `event` is None)."""
        from branchtui.tui.modals.event_form import EventForm

        if self.member is None:
            return
        form = EventForm(
            self.member.id, self.member.name, branch_app(self).year, self.ws.today, event
        )
        self.app.push_screen(form, self._event_saved)

    def _event_saved(self, event_id: int | None) -> None:
        if event_id is not None:
            self.saved_event = event_id
            self.load()

    @work(group="ask", exit_on_error=False)
    async def delete_event(self, event: EventView) -> None:
        """Delete a 培养记录 after asking."""
        from branchtui.tui.modals.confirm import ConfirmModal

        question = t(
            "tui.members.event.delete_question",
            date=event.date.isoformat(),
            kind=label("event", event.kind),
        )
        if not await self.app.push_screen_wait(
            ConfirmModal(question, yes=t("tui.plan.delete_yes"))
        ):
            return
        ws = self.ws

        def delete(version: int) -> None:
            ws.delete_event(event.id, version)

        said = t("tui.members.event.deleted", date=event.date.isoformat())
        self.write(("member_event", event.id), event.version, delete, said)

    @work(thread=True, exclusive=True, group="form", exit_on_error=False)
    def action_edit_member(self) -> None:
        """Edit the member (the form)."""
        from branchtui.tui.modals.member_form import MemberForm

        member = self.ws.member(self.member_id)
        form = MemberForm(branch_app(self).year, member, revealed=self.revealed)
        self.app.call_from_thread(self.app.push_screen, form, self.member_written)

    def action_promote(self) -> None:
        """`p`: the next stage (asks the date; shows the warnings before confirming)."""
        if self.member is not None:
            self.promote_member(self.member)

    def action_leave(self) -> None:
        """`t`: transfer the member out (asks the date)."""
        if self.member is not None:
            self.leave_member(self.member)


def _value(member: MemberView, name: str, today: date, revealed: bool) -> str:
    """One field as shown (empty: not recorded)."""
    if name == "gender":
        return safe(gender_text(member.gender, short=False))
    if name in ("phone", "id_number"):
        return safe(shown(getattr(member, name), revealed) or "")
    if name == "party_age":
        if member.party_age_years is not None and member.party_age_start is not None:
            start = member.party_age_start.isoformat()
            return t("member.party_age_value", years=member.party_age_years, start=start)
        if member.party_age_start is not None:
            return t("member.party_age_from", start=member.party_age_start.isoformat())
        return ""
    if name == "training_hours":
        return t("tui.members.hours", hours=f"{member.training_hours:g}")
    value = getattr(member, name)
    if isinstance(value, date):
        return value.isoformat()
    return safe(value) if value else ""


def _fields(member: MemberView, today: date, revealed: bool, width: int) -> Text:
    """The member's fields, labelled, two to a line where they fit."""
    text = Text()
    text.append(safe(member.name), style="bold")
    text.append("  " + label("stage", member.stage), style="bold")
    if not member.active and member.left_on is not None:
        text.append("  " + t("member.left", date=member.left_on.isoformat()), style="bold")
    text.append("\n")
    pairs = width >= 2 * COLUMN
    for first, second in PAIRS:
        cells = [
            (name, _value(member, name, today, revealed))
            for name in (first, second)
            if name not in ("probation_extended_to", "left_on", "probation_end")
            or getattr(member, name)
        ]
        for index, (name, value) in enumerate(cells):
            part = Text()
            part.append(t("tui.item.field", name=t(f"tui.members.field.{name}")), style="dim")
            part.append(value or "—")
            if pairs and index == 0 and len(cells) == 2:
                part.truncate(COLUMN, overflow="ellipsis", pad=True)
                text.append_text(part)
            else:
                text.append_text(part)
                text.append("\n")
    if member.notes:
        text.append(t("tui.item.field", name=t("field.notes")), style="dim")
        text.append(safe(member.notes, keep_layout=True) + "\n")
    for reminder in member.reminders:
        text.append(t("tui.members.reminder", text=reminder.message()) + "\n", style="bold")
    stamps = t(
        "tui.item.stamps",
        created=local_time(member.created_at),
        updated=local_time(member.updated_at),
    )
    text.append(stamps, style="dim")
    return text


__all__ = ["EventList", "MemberScreen"]
