"""Member events (培养记录): recording, changing and deleting them, reading them, and what
they say for the rules: training hours, the last assessment and talk, and the reminders.

Every write goes through `member_rules.member_event` and the check that the member's
events stay possible (one extension), reading what it needs before the unit of work, like
`domain.members`. Views are frozen dataclasses. Importing this module stays light (the
command-line parser and the file formats read EVENT_KINDS): SQLModel and the storage layer
are imported by the functions that use them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, TypeVar

from branchtui.domain import member_rules, stages
from branchtui.domain.changes import UNSET, Unset, given
from branchtui.domain.dates import add_months
from branchtui.domain.member_rules import EVENT_KINDS
from branchtui.domain.stages import Rules, Warning
from branchtui.errors import ConflictError, NotFoundError

if TYPE_CHECKING:
    from sqlmodel import Session

    from branchtui.domain.members import Stored
    from branchtui.storage.database import Database
    from branchtui.storage.models import Member, MemberEvent
    from branchtui.storage.uow import UnitOfWork

# An applicant is talked to within a month of the application (DOMAIN §2).
APPLICANT_TALK_MONTHS = 1
# The event attributes a caller writes.
EVENT_FIELDS = ("kind", "date", "hours", "note")


@dataclass(frozen=True)
class EventChanges:
    """The fields of a 培养记录 to change; UNSET leaves one alone, None clears hours or note."""

    kind: str | Unset = UNSET
    date: dt.date | Unset = UNSET
    hours: float | Unset | None = UNSET
    note: str | Unset | None = UNSET


Result = TypeVar("Result")


@dataclass(frozen=True)
class EventView:
    """A 培养记录 as shown and exported."""

    id: int
    uid: str
    member_id: int
    date: date
    kind: str
    hours: float | None
    note: str | None
    created_at: datetime
    updated_at: datetime
    version: int


def event_view(event: MemberEvent) -> EventView:
    """The view of a stored event (call inside its session)."""
    assert event.id is not None
    return EventView(
        id=event.id,
        uid=event.uid,
        member_id=event.member_id,
        date=event.date,
        kind=event.kind,
        hours=event.hours,
        note=event.note,
        created_at=event.created_at,
        updated_at=event.updated_at,
        version=event.version,
    )


@dataclass(frozen=True)
class EventFacts:
    """What a member's events say for the rules: training hours (counted from the day the
    member became an activist, DOMAIN §2), the last assessment and the last talk."""

    training_hours: float = 0.0
    last_assessment: date | None = None
    last_talk: date | None = None


# -- writing ------------------------------------------------------------------------------


class _MemberMoved(Exception):
    """The member changed between the read and the write: read again (never shown)."""


def _event_write(
    db: Database,
    action: str,
    member_id: int,
    expected_version: int | None,
    attempt: Callable[[Stored], Callable[[UnitOfWork], Result]],
) -> Result:
    """Read the member, let `attempt` check and prepare, then run what it returns in one
    unit of work that first checks the member is still as read. Read again when the
    member moved meanwhile, or (without `expected_version`) when the event did."""
    from branchtui.domain.members import read_member
    from branchtui.storage.models import Member
    from branchtui.storage.uow import UnitOfWork

    for number in range(1, 4):
        stored = read_member(db, member_id)
        write = attempt(stored)
        try:
            with UnitOfWork(db, action) as uow:
                if uow.get(Member, member_id).version != stored.version:
                    raise _MemberMoved
                return write(uow)
        except _MemberMoved:
            continue
        except ConflictError:
            if expected_version is not None or number == 3:
                raise
    raise ConflictError("db.conflict.unknown", record=_describe_member(member_id))


def _describe_member(member_id: int) -> str:
    from branchtui.storage.models import Member
    from branchtui.storage.uow import describe

    return describe(Member, member_id)


def add_event(
    db: Database,
    member_id: int,
    kind: str,
    on: date,
    hours: float | None = None,
    note: str | None = None,
    *,
    today: date,
) -> int:
    """Record a 培养记录 (kind of EVENT_KINDS) of a day not after `today`; returns the new
    event's id."""
    from branchtui.storage.models import MemberEvent

    def attempt(stored: Stored) -> Callable[[UnitOfWork], int]:
        row = member_rules.member_event(
            {"kind": kind, "date": on, "hours": hours, "note": note}, stored.values, today
        )
        member_rules.extension_once([*stored.events, row])
        event = MemberEvent(member_id=member_id, **{key: row[key] for key in EVENT_FIELDS})

        def write(uow: UnitOfWork) -> int:
            uow.add(event)
            assert event.id is not None
            return event.id

        return write

    return _event_write(db, "member.event", member_id, None, attempt)


def update_event(
    db: Database,
    event_id: int,
    changes: EventChanges,
    expected_version: int | None = None,
    *,
    today: date,
) -> tuple[EventView, bool]:
    """Change an event's kind, date, hours or note; returns it afterwards and whether
    anything changed (an unchanged event is not written)."""
    from branchtui.storage.models import MemberEvent
    from branchtui.storage.uow import snapshot

    wanted = given(changes)
    current = _event(db, event_id, expected_version)

    def attempt(stored: Stored) -> Callable[[UnitOfWork], tuple[EventView, bool]]:
        old = next((e for e in stored.events if e["id"] == event_id), None)
        if old is None:
            raise NotFoundError("record.not_found", record=_describe_event(event_id))
        row = member_rules.member_event({**old, **wanted}, stored.values, today)
        others = [e for e in stored.events if e["id"] != event_id]
        member_rules.extension_once([*others, row])
        new = {key: row[key] for key in EVENT_FIELDS if row[key] != old[key]}

        def write(uow: UnitOfWork) -> tuple[EventView, bool]:
            event = uow.get(MemberEvent, event_id)
            uow.check_version(event, old["version"])
            if new:
                before = snapshot(event)
                for key, value in new.items():
                    setattr(event, key, value)
                uow.update(event, before)
            return event_view(event), bool(new)

        return write

    return _event_write(db, "member.event_set", current.member_id, expected_version, attempt)


def delete_event(db: Database, event_id: int, expected_version: int | None = None) -> EventView:
    """Delete an event; returns it as it was."""
    from branchtui.storage.models import MemberEvent

    current = _event(db, event_id, expected_version)

    def attempt(stored: Stored) -> Callable[[UnitOfWork], EventView]:
        old = next((e for e in stored.events if e["id"] == event_id), None)
        if old is None:
            raise NotFoundError("record.not_found", record=_describe_event(event_id))

        def write(uow: UnitOfWork) -> EventView:
            event = uow.get(MemberEvent, event_id)
            uow.check_version(event, old["version"])
            view = event_view(event)
            uow.delete(event)
            return view

        return write

    return _event_write(db, "member.event_delete", current.member_id, expected_version, attempt)


def _event(db: Database, event_id: int, expected_version: int | None) -> EventView:
    """The event as it is now; a conflict when no longer at `expected_version`."""
    from branchtui.storage.models import MemberEvent
    from branchtui.storage.uow import conflict

    with db.read() as session:
        event = session.get(MemberEvent, event_id)
        if event is None:
            raise NotFoundError("record.not_found", record=_describe_event(event_id))
        if expected_version is not None and event.version != expected_version:
            raise conflict(session, event)
        return event_view(event)


def get_event(db: Database, event_id: int) -> EventView:
    """One event by id, or a NotFoundError naming it."""
    return _event(db, event_id, None)


def _describe_event(event_id: int) -> str:
    from branchtui.storage.models import MemberEvent
    from branchtui.storage.uow import describe

    return describe(MemberEvent, event_id)


# -- reading ------------------------------------------------------------------------------


def member_events(db: Database, member_id: int) -> list[EventView]:
    """A member's events, oldest first; an unknown member is a NotFoundError."""
    with db.read() as session:
        member_row(session, member_id)
        return [event_view(e) for e in events_of(session, member_id)]


def member_row(session: Session, member_id: int) -> Member:
    """The member row with this id, or a NotFoundError naming it."""
    from branchtui.storage.models import Member
    from branchtui.storage.uow import describe

    member = session.get(Member, member_id)
    if member is None:
        raise NotFoundError("record.not_found", record=describe(Member, member_id))
    return member


def events_of(session: Session, member_id: int) -> list[MemberEvent]:
    """A member's events, oldest first."""
    from sqlmodel import col, select

    from branchtui.storage.models import MemberEvent

    return list(
        session.exec(
            select(MemberEvent)
            .where(MemberEvent.member_id == member_id)
            .order_by(col(MemberEvent.date), col(MemberEvent.id))
        ).all()
    )


def event_facts(session: Session, member_ids: Iterable[int]) -> dict[int, EventFacts]:
    """Per member: training hours from the activist date on (all of them when that date
    is not recorded), the last assessment and the last talk."""
    from sqlalchemy import func, or_, true
    from sqlmodel import col, select

    from branchtui.storage.models import Member, MemberEvent

    ids = list(member_ids)
    if not ids:
        return {}
    found: dict[int, dict[str, Any]] = {}
    rows = session.exec(
        select(
            MemberEvent.member_id,
            MemberEvent.kind,
            func.sum(MemberEvent.hours),
            func.max(MemberEvent.date),
        )
        .join(Member, col(Member.id) == col(MemberEvent.member_id))
        .where(col(MemberEvent.kind).in_(("training", "assessment", "talk")))
        # 24 学时 count from becoming an activist; training before it does not.
        .where(
            or_(
                col(MemberEvent.kind) != "training",
                col(Member.activist_on).is_(None),
                col(MemberEvent.date) >= col(Member.activist_on),
            )
        )
        # Few ids: ask for them; many (a whole register): one pass over every event.
        .where(col(MemberEvent.member_id).in_(ids) if len(ids) <= 500 else true())
        .group_by(col(MemberEvent.member_id), col(MemberEvent.kind))
    ).all()
    wanted = set(ids)
    for member_id, kind, hours, last in rows:
        if member_id not in wanted:
            continue
        entry = found.setdefault(member_id, {})
        if kind == "training":
            entry["training_hours"] = float(hours or 0)
        elif kind == "assessment":
            entry["last_assessment"] = _as_date(last)
        else:
            entry["last_talk"] = _as_date(last)
    return {member_id: EventFacts(**entry) for member_id, entry in found.items()}


def _as_date(value: Any) -> date | None:
    # func.max over a date column comes back as text from SQLite.
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def reminders(member: Member, facts: EventFacts, today: date, rules: Rules) -> list[Warning]:
    """What is due for an active member (DOMAIN §2): the 预备期 ending within
    `probation_reminder_days` (or over with no 转正 yet), an activist's assessment, an
    applicant's talk within a month of the application."""
    found: list[Warning] = []
    if not member.active:
        return found
    if member.stage == "probationary" and member.admitted_on is not None:
        end = stages.probation_ending_soon(
            member.admitted_on, member.probation_extended_to, today, rules
        )
        if end is not None and end < today:
            found.append(Warning("member.reminder.probation_over", {"end": end.isoformat()}))
        elif end is not None:
            days = (end - today).days
            found.append(
                Warning("member.reminder.probation_ending", {"end": end.isoformat(), "days": days})
            )
    elif member.stage == "activist" and member.activist_on is not None:
        due = stages.assessment_due(member.activist_on, facts.last_assessment, today, rules)
        if due is not None:
            found.append(Warning("member.reminder.assessment_due", {"due": due.isoformat()}))
    elif member.stage == "applicant" and member.applied_on is not None:
        due = add_months(member.applied_on, APPLICANT_TALK_MONTHS)
        talked = facts.last_talk is not None and facts.last_talk >= member.applied_on
        if not talked and due <= today:
            found.append(Warning("member.reminder.talk_due", {"due": due.isoformat()}))
    return found


__all__ = [
    "APPLICANT_TALK_MONTHS",
    "EVENT_FIELDS",
    "EVENT_KINDS",
    "EventFacts",
    "EventView",
    "add_event",
    "delete_event",
    "event_facts",
    "event_view",
    "events_of",
    "get_event",
    "member_events",
    "member_row",
    "reminders",
    "update_event",
]
