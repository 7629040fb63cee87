"""The workspace's meeting area (三会一课): the year's meetings, the board, the people who
attend, and every write to meetings and attendance.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from branchtui.domain.workspace_core import WorkspaceCore

if TYPE_CHECKING:
    from collections.abc import Sequence

    from branchtui.domain.changes import Written
    from branchtui.domain.meeting_board import MeetingBoard
    from branchtui.domain.meeting_list import MeetingRow
    from branchtui.domain.meeting_rules import Person
    from branchtui.domain.meeting_views import MeetingView
    from branchtui.domain.meetings import Mark, MeetingChanges, MeetingDraft


class MeetingArea(WorkspaceCore):
    """三会一课: meetings, their attendance and the board."""

    # meetings (三会一课)
    def meetings(self, year: int) -> list[MeetingView]:
        """The meetings held in `year`, in the order they were held, with attendance."""
        from branchtui.domain.meeting_views import list_meetings

        return list_meetings(self.db, year)

    def meeting_rows(self, year: int) -> list[MeetingRow]:
        """The meetings held in `year` as the app lists them (attendance counted, a 支部党员
        大会's quorum), read in plain SQL on the light connection."""
        from branchtui.domain.meeting_list import meeting_rows
        from branchtui.storage.meeting_rows import meeting_tuples

        with self._lock:
            meetings, voters = meeting_tuples(self._connection, year)
        return meeting_rows(meetings, voters)

    def meeting_people(self) -> list[Person]:
        """Everyone on the register as the meeting rules see them: a form works out who is
        expected at a meeting (`meeting_rules.expected`) and the 党小组 from these."""
        from branchtui.domain.meeting_list import person_from_tuple
        from branchtui.storage.meeting_rows import person_tuples

        with self._lock:
            rows = person_tuples(self._connection)
        return [person_from_tuple(row) for row in rows]

    def meeting(self, meeting_id: int) -> MeetingView:
        """One meeting with its attendance."""
        from branchtui.domain.meeting_views import get_meeting

        return get_meeting(self.db, meeting_id)

    def meeting_board(self, year: int) -> MeetingBoard:
        """The year's 三会一课 board (kinds × periods: held, due, overdue) and its
        reminders, read like `summary` on the light connection."""
        from branchtui.domain.meeting_board import read_board

        with self._lock:
            return read_board(self._connection, year, self.today, self.rules.absent_months)

    def add_meeting(self, draft: MeetingDraft) -> Written[MeetingView]:
        """Record a meeting: everyone expected present unless the draft marks them; the
        notices say what to know (below quorum, a name kept as text…)."""
        from branchtui.domain.meetings import add_meeting

        return add_meeting(self.db, draft, today=self.today)

    def edit_meeting(
        self,
        meeting_id: int,
        changes: MeetingChanges,
        version: int,
        marks: Sequence[Mark] = (),
    ) -> Written[MeetingView]:
        """Change a meeting's fields and attendance (`marks`) as one change (the form's
        save)."""
        from branchtui.domain.meetings import update_meeting

        return update_meeting(
            self.db, meeting_id, changes, marks, today=self.today, expected_version=version
        )

    def set_attendance(
        self, meeting_id: int, member_id: int, status: str, reason: str | None, version: int
    ) -> Written[MeetingView]:
        """One attendee present, excused or absent (with the reason): the list's `space`.
        `version` is the meeting's, as the form showed it."""
        from branchtui.domain.meetings import set_attendance

        return set_attendance(
            self.db,
            meeting_id,
            member_id,
            status,
            reason,
            today=self.today,
            expected_version=version,
        )

    def delete_meeting(self, meeting_id: int, version: int) -> None:
        """Delete a meeting with its attendance (undo restores them)."""
        from branchtui.domain.meetings import delete_meeting

        delete_meeting(self.db, meeting_id, expected_version=version)


__all__ = ["MeetingArea"]
