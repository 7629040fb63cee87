"""The tables of SPEC §4 as SQLModel classes. Codes are stored, labels are the UI's business.

Timestamps are stored as ISO 8601 text with an explicit +00:00 offset, so plain sqlite3 and
other tools read the same instant; they come back timezone-aware. Columns that users edit
carry `version` for optimistic locking (SPEC §8).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Index, String, Text, UniqueConstraint
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import declared_attr
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp stored as ISO text with its offset."""

    impl = String(32)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> str | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime: timestamps must be timezone-aware")
        return value.astimezone(UTC).isoformat(timespec="microseconds")

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        parsed = datetime.fromisoformat(str(value))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


class Versioned:
    """Optimistic locking: SQLAlchemy updates `WHERE id = ? AND version = ?` and bumps it."""

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.__table__.c.version}  # type: ignore[attr-defined]


def new_uid() -> str:
    """A new record uid (UUID4 text)."""
    return str(uuid.uuid4())


# An instant every stamp takes instead of the clock's, inside `stamped_at` (the demo, whose
# records are stamped as if entered on their days); None: the clock.
_pinned: ContextVar[datetime | None] = ContextVar("branchtui_pinned_now", default=None)


def utc_now() -> datetime:
    """The current instant, aware UTC (or the one `stamped_at` pinned)."""
    pinned = _pinned.get()
    return datetime.now(UTC) if pinned is None else pinned


@contextmanager
def stamped_at(moment: datetime) -> Iterator[None]:
    """Within: what is written is stamped (created, updated, done, changed) at `moment`."""
    token = _pinned.set(moment.astimezone(UTC))
    try:
        yield
    finally:
        _pinned.reset(token)


def _uid() -> Any:
    return Field(default_factory=new_uid, sa_type=String(36), unique=True, index=True)


def _stamp(nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=UTCDateTime, nullable=True)
    return Field(default_factory=utc_now, sa_type=UTCDateTime, nullable=False)


# A record's id is never handed out again once its record is gone (migration 0003): undo
# restores a deleted record under its old id, and history names records by it.
_IDS_NEVER_REUSED = {"sqlite_autoincrement": True}


class Branch(SQLModel, table=True):
    """The branch itself: one row."""

    __tablename__ = "branch"
    id: int | None = Field(default=None, primary_key=True)
    name: str
    created_at: datetime = _stamp()


class Member(Versioned, SQLModel, table=True):
    """A member or a person on the way to membership (党员及发展对象)."""

    __tablename__ = "member"
    __table_args__ = (_IDS_NEVER_REUSED,)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    name: str = Field(index=True)
    name_key: str = ""
    gender: str | None = None
    ethnicity: str | None = None
    birth_date: date | None = None
    education: str | None = None
    group: str | None = Field(default=None, sa_column_kwargs={"name": "party_group"})
    post: str | None = None
    stage: str = "applicant"
    applied_on: date | None = None
    activist_on: date | None = None
    candidate_on: date | None = None
    admitted_on: date | None = None
    confirmed_on: date | None = None
    probation_extended_to: date | None = None
    sponsors: str | None = None
    contacts: str | None = None
    active: bool = True
    left_on: date | None = None
    notes: str | None = Field(default=None, sa_type=Text)
    phone: str | None = None
    id_number: str | None = None
    created_at: datetime = _stamp()
    updated_at: datetime = _stamp()
    version: int = 1


class MemberEvent(Versioned, SQLModel, table=True):
    """A 培养记录: a talk, a training with its hours, an assessment, a transfer…"""

    __tablename__ = "member_event"
    __table_args__ = (_IDS_NEVER_REUSED,)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    member_id: int = Field(foreign_key="member.id", index=True, ondelete="CASCADE")
    date: dt.date
    kind: str
    hours: float | None = None
    note: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = _stamp()
    updated_at: datetime = _stamp()
    version: int = 1


class PlanItem(Versioned, SQLModel, table=True):
    """A numbered item of the year's plan (工作事项), tracked to completion."""

    __tablename__ = "plan_item"
    __table_args__ = (
        Index("ix_plan_item_year_number", "year", "number"),
        # Covers what `status` reads, so it never touches the wide rows (migration 0002).
        Index("ix_plan_item_summary", "year", "id", "due", "status", "progress"),
        _IDS_NEVER_REUSED,
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    year: int
    number: int
    title: str
    detail: str | None = Field(default=None, sa_type=Text)
    category: str = "other"
    owner_id: int | None = Field(
        default=None, foreign_key="member.id", index=True, ondelete="SET NULL"
    )
    owner_text: str | None = None
    due: date | None = None
    status: str = "todo"
    progress: int = 0
    evidence: str | None = Field(default=None, sa_type=Text)
    completed_at: datetime | None = _stamp(nullable=True)
    completed_by: str | None = None
    # The uid of last year's item this one continues (`year start`, migration 0006).
    carried_from: str | None = Field(default=None, sa_type=String(36), index=True)
    created_at: datetime = _stamp()
    updated_at: datetime = _stamp()
    version: int = 1


class Step(Versioned, SQLModel, table=True):
    """A step of a plan item (`task` in the CLI, `tasks` in files)."""

    __tablename__ = "step"
    # Covers what `status` reads of the steps (migrations 0002, 0003).
    __table_args__ = (Index("ix_step_summary", "item_id", "done", "due"), _IDS_NEVER_REUSED)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    item_id: int = Field(foreign_key="plan_item.id", index=True, ondelete="CASCADE")
    position: int
    title: str
    done: bool = False
    done_at: datetime | None = _stamp(nullable=True)
    done_by: str | None = None
    due: date | None = None
    created_at: datetime = _stamp()
    updated_at: datetime = _stamp()
    version: int = 1


class Checklist(Versioned, SQLModel, table=True):
    """A year's responsibility checklist (责任清单), from a template or blank."""

    __tablename__ = "checklist"
    __table_args__ = (_IDS_NEVER_REUSED,)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    year: int = Field(index=True)
    kind: str = "custom"
    title: str
    starts_on: date | None = None
    created_at: datetime = _stamp()
    updated_at: datetime = _stamp()
    version: int = 1


class ChecklistEntry(Versioned, SQLModel, table=True):
    """One line of a checklist with its frequency (清单事项)."""

    __tablename__ = "checklist_entry"
    __table_args__ = (_IDS_NEVER_REUSED,)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    checklist_id: int = Field(foreign_key="checklist.id", index=True, ondelete="CASCADE")
    position: int
    title: str
    frequency: str = "yearly"
    due_month: int | None = None
    owner: str | None = None
    note: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = _stamp()
    updated_at: datetime = _stamp()
    version: int = 1


class Check(SQLModel, table=True):
    """A 落实记录: one entry done for one period, with its evidence."""

    __tablename__ = "checklist_check"
    __table_args__ = (
        UniqueConstraint("entry_id", "period", name="uq_check_entry_period"),
        _IDS_NEVER_REUSED,
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    entry_id: int = Field(foreign_key="checklist_entry.id", index=True, ondelete="CASCADE")
    period: str
    done_at: datetime = _stamp()
    done_by: str | None = None
    evidence: str | None = Field(default=None, sa_type=Text)


class Meeting(Versioned, SQLModel, table=True):
    """A 组织生活 record (三会一课, DOMAIN §3): a 支部党员大会, 支委会, 党小组会, 党课…

    Host, recorder and lecturer are each a member (`*_id`) or, for someone not on the
    register (a lecturer from the higher committee), a text (`*_text`), as an item's owner.
    The year is the year of `held_on`.
    """

    __tablename__ = "meeting"
    __table_args__ = (Index("ix_meeting_held_on", "held_on", "kind"), _IDS_NEVER_REUSED)
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    kind: str
    held_on: date
    place: str | None = None
    host_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    host_text: str | None = None
    recorder_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    recorder_text: str | None = None
    group: str | None = Field(default=None, sa_column_kwargs={"name": "party_group"})
    topic: str | None = None
    content: str | None = Field(default=None, sa_type=Text)
    lecturer_id: int | None = Field(default=None, foreign_key="member.id", ondelete="SET NULL")
    lecturer_text: str | None = None
    item_id: int | None = Field(
        default=None, foreign_key="plan_item.id", index=True, ondelete="SET NULL"
    )
    created_at: datetime = _stamp()
    updated_at: datetime = _stamp()
    version: int = 1


class Attendance(SQLModel, table=True):
    """One expected attendee of a meeting: present, excused (请假) or absent (缺席), and why.

    Changes to it are changes of its meeting (whose version they bump)."""

    __tablename__ = "meeting_attendance"
    __table_args__ = (
        UniqueConstraint("meeting_id", "member_id", name="uq_attendance_meeting_member"),
        # Who attended the meetings of a few months, and a member's last meeting attended
        # (the no-meetings reminder on `status`), read from the indexes alone.
        Index("ix_attendance_meeting", "meeting_id", "status", "member_id"),
        Index("ix_attendance_member", "member_id", "status", "meeting_id"),
        _IDS_NEVER_REUSED,
    )
    id: int | None = Field(default=None, primary_key=True)
    uid: str = _uid()
    meeting_id: int = Field(foreign_key="meeting.id", ondelete="CASCADE")
    member_id: int = Field(foreign_key="member.id", ondelete="CASCADE")
    status: str = "present"
    reason: str | None = None


class Change(SQLModel, table=True):
    """One unit of work: who did what, when. `undo` reverts a whole change."""

    __tablename__ = "change"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = _stamp()
    who: str = Field(index=True)
    action: str
    undo_of: int | None = Field(default=None, foreign_key="change.id")
    undone_by: int | None = Field(default=None, foreign_key="change.id")


class History(SQLModel, table=True):
    """One record's before and after within a change (JSON text; private fields kept for undo)."""

    __tablename__ = "history"
    __table_args__ = (Index("ix_history_record", "record", "record_uid"),)
    id: int | None = Field(default=None, primary_key=True)
    change_id: int = Field(foreign_key="change.id", index=True)
    record: str
    record_id: int | None = None
    record_uid: str | None = None
    op: str
    before: str | None = Field(default=None, sa_column=Column(Text, nullable=True))
    after: str | None = Field(default=None, sa_column=Column(Text, nullable=True))


# The tables whose rows history tracks, by the name used in history rows.
RECORD_TABLES: dict[str, type[SQLModel]] = {
    "branch": Branch,
    "member": Member,
    "member_event": MemberEvent,
    "plan_item": PlanItem,
    "step": Step,
    "checklist": Checklist,
    "checklist_entry": ChecklistEntry,
    "checklist_check": Check,
    "meeting": Meeting,
    "meeting_attendance": Attendance,
}
