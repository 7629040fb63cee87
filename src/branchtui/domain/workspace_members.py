"""The workspace's member area (党员): the register's rows and owner choices (plain SQL),
one member, and every write to members and their 培养记录.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from branchtui.domain.workspace_core import WorkspaceCore

if TYPE_CHECKING:
    from branchtui.domain.changes import Written
    from branchtui.domain.member_events import EventChanges, EventView
    from branchtui.domain.member_rows import MemberRow
    from branchtui.domain.member_views import MemberView
    from branchtui.domain.members import MemberChanges, PromotionPreview


class OwnerChoice(NamedTuple):
    """An active member the owner field can pick (matched by `names.matches`)."""

    id: int
    name: str
    name_key: str
    group: str | None
    post: str | None


class MemberArea(WorkspaceCore):
    """党员: the register, one member, stage moves and 培养记录."""

    def owner_choices(self) -> list[OwnerChoice]:
        """Active members, for picking an item's owner (searched by name and pinyin)."""
        with self._lock:
            rows = self._connection.execute(
                "SELECT id, name, name_key, party_group, post FROM member WHERE active = 1 "
                "ORDER BY id"
            ).fetchall()
        return [OwnerChoice(*row) for row in rows]

    def member_rows(self, include_left: bool = False) -> list[MemberRow]:
        """The register as the member table shows it (active members first, by id; those
        who left too when asked), each with its next step, from plain SQL: no ORM."""
        from branchtui.domain.member_rows import member_rows
        from branchtui.storage.lists import member_tuples

        with self._lock:
            tuples, events = member_tuples(self._connection, include_left)
        return member_rows(tuples, events, self.today, self.rules)

    # members (党员) and their 培养记录
    def member(self, member_id: int) -> MemberView:
        """One member with every field, 预备期 end, 党龄, training hours, reminders and
        the 培养记录 (oldest first)."""
        from branchtui.domain.member_views import get_member

        return get_member(self.db, member_id, today=self.today, rules=self.rules)

    def add_member(self, fields: MemberChanges) -> Written[MemberView]:
        """A new member (a name is needed; applicant unless a stage is given), with what
        DOMAIN §2 advises against as notices."""
        from branchtui.domain.changes import Written, given
        from branchtui.domain.member_views import get_member
        from branchtui.domain.members import add_member

        values = given(fields)
        name = values.pop("name", "")
        today = self.today
        member_id, warnings = add_member(self.db, name, today=today, rules=self.rules, **values)
        view = get_member(self.db, member_id, today=today, rules=self.rules)
        return Written(view, True, tuple(warnings))

    def edit_member(
        self, member_id: int, changes: MemberChanges, version: int
    ) -> Written[MemberView]:
        """Change a member's fields (the form's save)."""
        from branchtui.domain.members import update_member

        return update_member(
            self.db, member_id, changes, version, today=self.today, rules=self.rules
        )

    def promotion_preview(self, member_id: int, on_date: date, version: int) -> PromotionPreview:
        """What `promote` would do on `on_date` (the next stage, DOMAIN §2's warnings, the
        转正 date the rules give) without writing; refusals raise as the promotion would."""
        from branchtui.domain.members import preview_promotion

        return preview_promotion(
            self.db,
            member_id,
            on_date,
            today=self.today,
            rules=self.rules,
            expected_version=version,
        )

    def promote(self, member_id: int, on_date: date, version: int) -> Written[MemberView]:
        """Move a member to the next stage on `on_date` (`p`), the warnings as notices."""
        from branchtui.domain.changes import Written
        from branchtui.domain.members import promote

        view, warnings = promote(
            self.db,
            member_id,
            on_date,
            today=self.today,
            rules=self.rules,
            expected_version=version,
        )
        return Written(view, True, tuple(warnings))

    def leave(
        self, member_id: int, on_date: date, note: str | None, version: int
    ) -> Written[MemberView]:
        """Transfer a member out (转出) on `on_date`."""
        from branchtui.domain.changes import Written
        from branchtui.domain.members import leave

        view = leave(self.db, member_id, on_date, note, version, today=self.today, rules=self.rules)
        return Written(view)

    def add_event(
        self,
        member_id: int,
        kind: str,
        on_date: date,
        hours: float | None = None,
        note: str | None = None,
    ) -> int:
        """Record a 培养记录; its id."""
        from branchtui.domain.member_events import add_event

        return add_event(self.db, member_id, kind, on_date, hours, note, today=self.today)

    def edit_event(self, event_id: int, changes: EventChanges, version: int) -> Written[EventView]:
        """Change a 培养记录's kind, date, hours or note."""
        from branchtui.domain.changes import Written
        from branchtui.domain.member_events import update_event

        view, changed = update_event(self.db, event_id, changes, version, today=self.today)
        return Written(view, changed)

    def delete_event(self, event_id: int, version: int) -> EventView:
        """Delete a 培养记录 (undo restores it); what it was."""
        from branchtui.domain.member_events import delete_event

        return delete_event(self.db, event_id, version)


__all__ = ["MemberArea", "OwnerChoice"]
