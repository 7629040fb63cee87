"""The messages the app's workers and widgets post: typed, one per thing that happened.

Thread workers never touch widgets: they read or write through the Workspace and post one
of these to the screen that asked, which updates itself on the app's thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.message import Message

if TYPE_CHECKING:
    from branchtui.domain.checklist_year import ChecklistView, PeriodView
    from branchtui.domain.history import HistoryEntry
    from branchtui.domain.items import ItemView
    from branchtui.domain.meeting_board import MeetingBoard
    from branchtui.domain.meeting_list import MeetingRow
    from branchtui.domain.meeting_views import MeetingView
    from branchtui.domain.member_rows import MemberRow
    from branchtui.domain.member_views import MemberView
    from branchtui.domain.summary import Summary
    from branchtui.domain.workspace import Changed, PlanRow


@dataclass
class DataChanged(Message):
    """Someone (another process, or this one) committed: what they touched."""

    changed: Changed


@dataclass
class SummaryLoaded(Message):
    """The dashboard's summary of `year`, read in a worker."""

    year: int
    summary: Summary

    def can_replace(self, message: Message) -> bool:
        """A newer summary makes an older one not yet shown pointless."""
        return isinstance(message, SummaryLoaded)


@dataclass
class RowsLoaded(Message):
    """The plan rows of `year`, read in a worker."""

    year: int
    rows: list[PlanRow]

    def can_replace(self, message: Message) -> bool:
        """Only the newest rows matter."""
        return isinstance(message, RowsLoaded)


@dataclass
class ItemLoaded(Message):
    """One item with its steps and its history, read in a worker."""

    item: ItemView
    history: Sequence[HistoryEntry]


@dataclass
class ItemGone(Message):
    """The item shown was deleted (by someone else, or undone)."""

    item_id: int


@dataclass
class MembersLoaded(Message):
    """The register's rows (with those who left when `include_left`), read in a worker."""

    include_left: bool
    rows: list[MemberRow]

    def can_replace(self, message: Message) -> bool:
        """Only the newest rows matter."""
        return isinstance(message, MembersLoaded)


@dataclass
class MemberLoaded(Message):
    """One member with every field and the 培养记录, read in a worker."""

    member: MemberView


@dataclass
class MemberGone(Message):
    """The member shown is no longer in the register (an add undone)."""

    member_id: int


@dataclass
class Wrote(Message):
    """A write succeeded: the record as stored now (`view`, None after a delete), whether
    anything changed, and what to tell the user."""

    view: Any
    changed: bool
    messages: tuple[str, ...]


@dataclass
class ChecklistsLoaded(Message):
    """The checklists of `year`, read in a worker that began after `written` of this
    app's cell writes."""

    year: int
    views: list[ChecklistView]
    written: int

    def can_replace(self, message: Message) -> bool:
        """Only the newest read matters."""
        return isinstance(message, ChecklistsLoaded)


@dataclass
class CellWritten(Message):
    """A tick or untick succeeded: the cell as stored now, and what to tell the user."""

    entry_id: int
    cell: PeriodView
    messages: tuple[str, ...]


@dataclass
class MeetingsLoaded(Message):
    """The 三会一课 board of `year` and its meetings, read in a worker."""

    year: int
    board: MeetingBoard
    rows: list[MeetingRow]

    def can_replace(self, message: Message) -> bool:
        """Only the newest read matters."""
        return isinstance(message, MeetingsLoaded)


@dataclass
class MeetingGone(Message):
    """The meeting shown was deleted (by someone else, or undone)."""

    meeting_id: int


@dataclass
class MeetingLoaded(Message):
    """One meeting with its attendance, read in a worker."""

    meeting: MeetingView


__all__ = [
    "CellWritten",
    "ChecklistsLoaded",
    "DataChanged",
    "ItemGone",
    "ItemLoaded",
    "MeetingGone",
    "MeetingLoaded",
    "MeetingsLoaded",
    "MemberGone",
    "MemberLoaded",
    "MembersLoaded",
    "RowsLoaded",
    "SummaryLoaded",
    "Wrote",
]
