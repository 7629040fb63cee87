"""The branch opened for one user: the one entry point the app uses for everything.

`Workspace.open(settings)` is light — configuration, the schema check and one plain
sqlite3 connection — so the app paints its first frame from `summary()` (the same lean
read `status` uses) before SQLModel is imported. Everything else (details, writes,
history, undo) imports the ORM-backed domain modules on first use, which the app does in a
worker thread after the first frame.

Every write takes the version the caller's view was based on and answers with
`changes.Written` (the record as now stored, whether anything changed, notices); a record
someone else changed meanwhile raises `ConflictError` (who, when). `feed` tells when
another process committed and which records it touched.

The app imports neither `storage` nor SQLAlchemy/SQLModel (an import-linter contract): it
gets plain frozen views and named tuples from here.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from branchtui.config import Settings
from branchtui.domain.dates import is_overdue
from branchtui.domain.dates import today as branch_today
from branchtui.domain.item_rules import effective_progress
from branchtui.domain.stages import Rules
from branchtui.storage.feed import Changed, ChangeFeed

if TYPE_CHECKING:
    import sqlite3
    from collections.abc import Sequence

    from branchtui.domain.changes import Written
    from branchtui.domain.checklist_year import ChecklistView, PeriodView
    from branchtui.domain.checklists import EntryChanges, EntryRef
    from branchtui.domain.checks import CheckSeen
    from branchtui.domain.history import HistoryEntry
    from branchtui.domain.item_changes import ItemChanges, ItemDraft
    from branchtui.domain.items import ItemView
    from branchtui.domain.meeting_board import MeetingBoard
    from branchtui.domain.meeting_list import MeetingRow
    from branchtui.domain.meeting_rules import Person
    from branchtui.domain.meeting_views import MeetingView
    from branchtui.domain.meetings import Mark, MeetingChanges, MeetingDraft
    from branchtui.domain.member_events import EventView
    from branchtui.domain.member_rows import MemberRow
    from branchtui.domain.member_views import MemberView
    from branchtui.domain.members import MemberChanges, PromotionPreview
    from branchtui.domain.step_changes import StepChanges
    from branchtui.domain.steps import StepView
    from branchtui.domain.summary import Summary
    from branchtui.storage.database import Database


class PlanRow(NamedTuple):
    """One row of the plan table: what it shows, sorts and filters on.

    A named tuple: 10,000 of them are built when the plan screen opens.
    """

    id: int
    number: int
    title: str
    category: str
    owner: str | None
    due: date | None
    status: str
    progress: int
    steps_done: int
    steps_total: int
    overdue: bool
    version: int
    owner_key: str  # the owner's stored pinyin key ("" for owner text or none)


class OwnerChoice(NamedTuple):
    """An active member the owner field can pick (matched by `names.matches`)."""

    id: int
    name: str
    name_key: str
    group: str | None
    post: str | None


@dataclass(frozen=True)
class Access:
    """Whether this user may change the branch's records, and if not, why (a sentence)."""

    read_only: str | None  # the reason, in the user's language; None: may write
    snapshot: bool  # opened as an immutable snapshot: others' changes will not show


class Workspace:
    """One user's view of one branch database (see the module's docstring)."""

    def __init__(
        self,
        settings: Settings,
        path: Path,
        connection: sqlite3.Connection,
        access: Access,
        read_only_key: tuple[str, dict[str, str]] | None,
    ) -> None:
        self.settings = settings
        self.path = path
        self.access = access
        self.user = settings.user_name
        self.rules = Rules.from_mapping(settings.rules())
        self._connection = connection
        self._lock = threading.Lock()
        self._read_only_key = read_only_key
        self._db: Database | None = None
        self.feed = ChangeFeed(path, immutable=access.snapshot)
        self.branch_name = self._branch_name()

    # -- opening -----------------------------------------------------------------------------
    @classmethod
    def open(cls, settings: Settings, *, read_only_flag: bool = False) -> Workspace:
        """Open the configured database (migrating it first when it is behind)."""
        from branchtui.i18n import t
        from branchtui.storage import location
        from branchtui.storage.schema import MigrationPending, open_for_reading

        path = location.database_path(settings.database_target)
        reason: tuple[str, dict[str, str]] | None = None
        if read_only_flag:
            reason = ("db.read_only.flag", {})
        elif settings.read_only:
            reason = ("db.read_only.config", {})
        try:
            connection, snapshot = open_for_reading(path)
        except MigrationPending:
            from branchtui.storage.database import open_database

            open_database(str(path), user=settings.user_name, create=False).close()
            connection, snapshot = open_for_reading(path)
        connection.close()
        from branchtui.storage.schema import connect_plain

        connection = connect_plain(path, immutable=snapshot, shared=True)
        if reason is None and (snapshot or not location.can_write(path)):
            reason = ("db.read_only.permission", {"path": str(path)})
        access = Access(
            read_only=None if reason is None else t(reason[0], **reason[1]), snapshot=snapshot
        )
        return cls(settings, path, connection, access, reason)

    def close(self) -> None:
        """Release the connections."""
        self.feed.close()
        with self._lock:
            self._connection.close()
        if self._db is not None:
            self._db.close()

    # -- facts -------------------------------------------------------------------------------
    @property
    def today(self) -> date:
        """Today in the branch's timezone (BRANCHTUI_TODAY overrides); asked each time, so
        an app left open over midnight moves on."""
        return branch_today(self.settings.timezone)

    @property
    def default_year(self) -> int:
        """The plan year shown first: `[branch] year`, else this year."""
        return self.settings.year or self.today.year

    def _branch_name(self) -> str:
        with self._lock:
            row = self._connection.execute("SELECT name FROM branch ORDER BY id LIMIT 1").fetchone()
        return str(row[0]) if row else ""

    # -- light reads (plain sqlite3, no ORM) -------------------------------------------------
    def summary(self, year: int, *, limit: int | None = None) -> Summary:
        """The year at a glance: what `status` prints and the dashboard shows, read in one
        transaction; `limit` cuts its lists (overdue and due-soon items, late steps) to
        that many lines, counts staying complete."""
        from branchtui.domain.summary import read_summary

        with self._lock:
            return read_summary(self._connection, year, self.today, self.rules, limit=limit)

    def plan_rows(self, year: int) -> list[PlanRow]:
        """The year's plan items in 序号 order, as the plan table shows them."""
        from branchtui.storage.lists import plan_tuples

        with self._lock:
            tuples = plan_tuples(self._connection, year)
        today = self.today
        rows: list[PlanRow] = []
        for (
            item_id,
            number,
            title,
            category,
            owner,
            owner_key,
            due_text,
            status,
            progress,
            done,
            total,
            version,
        ) in tuples:
            due = date.fromisoformat(due_text) if due_text else None
            rows.append(
                PlanRow(
                    item_id,
                    number,
                    title,
                    category,
                    owner,
                    due,
                    status,
                    effective_progress(progress, done, total),
                    done,
                    total,
                    is_overdue(due, status, today),
                    version,
                    owner_key or "",
                )
            )
        return rows

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

    def changes_since(self, change_id: int) -> Changed:
        """What was committed after `change_id` (by anyone): records touched, who."""
        return self.feed.changes_since(change_id)

    # -- the full domain (imports SQLModel on first use) -------------------------------------
    @property
    def db(self) -> Database:
        """The ORM-backed database, opened on first use (call from a worker thread)."""
        if self._db is None:
            from branchtui.storage.database import ReadOnly, open_database

            read_only = None
            if self._read_only_key is not None:
                read_only = ReadOnly(self._read_only_key[0], self._read_only_key[1])
            self._db = open_database(
                str(self.path),
                user=self.user,
                group=self.settings.get("database.group"),
                read_only=read_only,
                sniffed=True,  # by `open`, before this process connected to it
            )
        return self._db

    def warnings(self) -> list[str]:
        """What the user should know about the database file (world-readable, not setgid…)."""
        from branchtui.i18n import t

        return [t(key, **params) for key, params in self.db.warnings]

    # plan items
    def item(self, item_id: int) -> ItemView:
        """One item with its steps."""
        from branchtui.domain.items import get_item

        return get_item(self.db, item_id, self.today)

    def add_item(self, year: int, draft: ItemDraft) -> int:
        """A new item at the end of the year's plan; its id."""
        from branchtui.domain.item_changes import add_item

        return add_item(self.db, year, draft)

    def edit_item(
        self, item_id: int, changes: ItemChanges, version: int, *, close_steps: bool = False
    ) -> Written[ItemView]:
        """Change an item's fields (the form's save)."""
        from branchtui.domain.item_changes import update_item

        return update_item(
            self.db,
            item_id,
            changes,
            today=self.today,
            expected_version=version,
            close_steps=close_steps,
        )

    def advance_item(self, item_id: int, version: int) -> Written[ItemView]:
        """`space`: the next status of the cycle."""
        from branchtui.domain.item_changes import advance_status

        return advance_status(self.db, item_id, today=self.today, expected_version=version)

    def bump_item(self, item_id: int, delta: int, version: int) -> Written[ItemView]:
        """`+`/`-`: progress by hand ±delta."""
        from branchtui.domain.item_changes import bump_progress

        return bump_progress(self.db, item_id, delta, today=self.today, expected_version=version)

    def complete_item(
        self,
        item_id: int,
        version: int,
        *,
        evidence: str | None = None,
        close_steps: bool = False,
    ) -> Written[ItemView]:
        """`x`: mark done (closing its steps when asked)."""
        from branchtui.domain.item_changes import complete

        return complete(
            self.db,
            item_id,
            today=self.today,
            evidence=evidence,
            close_steps=close_steps,
            expected_version=version,
        )

    def delete_item(self, item_id: int, version: int) -> None:
        """Delete an item and its steps (undo restores them)."""
        from branchtui.domain.item_changes import delete_item

        delete_item(self.db, item_id, expected_version=version)

    def move_item(self, item_id: int, number: int, version: int) -> Written[ItemView]:
        """Move an item to 序号 `number`."""
        from branchtui.domain.item_changes import ItemChanges

        return self.edit_item(item_id, ItemChanges(number=number), version)

    # steps
    def add_step(self, item_id: int, title: str, due: date | None = None) -> Written[StepView]:
        """A new step at the end of an item's steps."""
        from branchtui.domain.step_changes import add_step

        return add_step(self.db, item_id, title, due)

    def tick_step(self, step_id: int, done: bool, version: int) -> Written[StepView]:
        """Tick or untick a step."""
        from branchtui.domain.step_changes import tick_step

        return tick_step(self.db, step_id, done, expected_version=version)

    def edit_step(self, step_id: int, changes: StepChanges, version: int) -> Written[StepView]:
        """Change a step's title or due date."""
        from branchtui.domain.step_changes import update_step

        return update_step(self.db, step_id, changes, expected_version=version)

    def move_step(self, step_id: int, to: int, version: int) -> Written[StepView]:
        """Move a step to position `to`."""
        from branchtui.domain.step_changes import move_step

        return move_step(self.db, step_id, to, expected_version=version)

    def delete_step(self, step_id: int, version: int) -> Written[StepView]:
        """Delete a step."""
        from branchtui.domain.step_changes import delete_step

        return delete_step(self.db, step_id, expected_version=version)

    # checklists
    def checklists(self, year: int) -> list[ChecklistView]:
        """The year's checklists, each entry with every period's state, read in plain SQL
        on the light connection (what `checklist list` reads through the ORM)."""
        from branchtui.domain.checklist_year import read_checklists

        with self._lock:
            return read_checklists(self._connection, year, self.today)

    def new_checklist(
        self,
        year: int,
        *,
        template: str | None = None,
        title: str | None = None,
        starts_on: date | None = None,
    ) -> int:
        """The year's checklist from a template (`ideology`, `integrity`, `stability`) or
        blank with a title; its id."""
        from branchtui.domain import checklists

        if template is not None:
            return checklists.new_from_template(
                self.db, year, template, self.today, starts_on=starts_on
            )
        return checklists.new_blank(self.db, year, title or "", self.today, starts_on)

    def rename_checklist(self, checklist_id: int, title: str, version: int) -> bool:
        """A checklist's new title; False when unchanged."""
        from branchtui.domain.checklists import rename_checklist

        return rename_checklist(self.db, checklist_id, title, expected_version=version)

    def delete_checklist(self, checklist_id: int, version: int) -> None:
        """Delete a checklist with its entries and ticks."""
        from branchtui.domain.checklists import delete_checklist

        delete_checklist(self.db, checklist_id, expected_version=version)

    def add_entry(
        self,
        checklist_id: int,
        title: str,
        frequency: str,
        *,
        due_month: int | None = None,
        owner: str | None = None,
        note: str | None = None,
    ) -> int:
        """A new entry at the end of a checklist; its id."""
        from branchtui.domain.checklists import add_entry

        return add_entry(self.db, checklist_id, title, frequency, due_month, owner, note)

    def edit_entry(self, entry_id: int, changes: EntryChanges, version: int) -> Written[EntryRef]:
        """Change an entry; its new version (`changed` False: nothing to change)."""
        from branchtui.domain.checklists import edit_entry

        return edit_entry(self.db, entry_id, changes, expected_version=version)

    def move_entry(self, entry_id: int, to: int, version: int) -> Written[EntryRef]:
        """Move an entry to position `to`; its new version."""
        from branchtui.domain.checklists import place_entry

        return place_entry(self.db, entry_id, to, expected_version=version)

    def delete_entry(self, entry_id: int, version: int) -> None:
        """Delete an entry with its ticks."""
        from branchtui.domain.checklists import delete_entry

        delete_entry(self.db, entry_id, expected_version=version)

    def tick(
        self, entry_id: int, period: str, seen: CheckSeen, evidence: str | None = None
    ) -> Written[PeriodView]:
        """Tick a cell (or change its evidence), based on what the cell showed; the cell
        as it now is."""
        from branchtui.domain.checks import check_cell

        return check_cell(self.db, entry_id, period, self.today, evidence, seen=seen)

    def untick(self, entry_id: int, period: str, seen: CheckSeen) -> Written[PeriodView]:
        """Untick a cell, based on what it showed; the cell as it now is."""
        from branchtui.domain.checks import uncheck_cell

        return uncheck_cell(self.db, entry_id, period, self.today, seen=seen)

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

        return add_event(self.db, member_id, kind, on_date, hours, note)

    def edit_event(
        self, event_id: int, changes: dict[str, object], version: int
    ) -> Written[EventView]:
        """Change a 培养记录's kind, date, hours or note."""
        from branchtui.domain.changes import Written
        from branchtui.domain.member_events import update_event

        view, changed = update_event(self.db, event_id, changes, version)
        return Written(view, changed)

    def delete_event(self, event_id: int, version: int) -> EventView:
        """Delete a 培养记录 (undo restores it); what it was."""
        from branchtui.domain.member_events import delete_event

        return delete_event(self.db, event_id, version)

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

    # history
    def history(self, limit: int = 50) -> list[HistoryEntry]:
        """The newest changes first."""
        from branchtui.domain.history import list_history

        return list_history(self.db, limit=limit)

    def record_history(self, record: str, uid: str, limit: int = 50) -> list[HistoryEntry]:
        """The changes that touched one record (`plan_item`, `member`…), newest first."""
        from branchtui.domain.history import list_history

        return list_history(self.db, limit=limit, record=record, record_uid=uid)

    def undo(self) -> HistoryEntry:
        """Take back this user's last change; what was undone."""
        from branchtui.domain.history import undo

        return undo(self.db)


__all__ = ["Access", "Changed", "OwnerChoice", "PlanRow", "Workspace"]
