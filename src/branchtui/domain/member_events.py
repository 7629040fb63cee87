"""Member events (培养记录): their kinds, recording and reading them, and what they say
for the rules: training hours, the last assessment and talk, and the reminders they drive.

Views are frozen dataclasses. Importing this module stays light (the command-line parser
and the file formats read EVENT_KINDS): SQLModel and the storage layer are imported by the
functions that use them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from branchtui.domain import stages
from branchtui.domain.dates import add_months
from branchtui.domain.stages import Rules, Warning
from branchtui.domain.text import clean_text
from branchtui.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from sqlmodel import Session

    from branchtui.storage.database import Database
    from branchtui.storage.models import Member, MemberEvent

# SPEC §4: talk 谈话, training 培训 (with 学时), assessment 考察, report 思想汇报,
# approval 审批, extension 延长预备期, transfer_in 转入, transfer_out 转出, other 其他.
EVENT_KINDS = (
    "talk",
    "training",
    "assessment",
    "report",
    "approval",
    "extension",
    "transfer_in",
    "transfer_out",
    "other",
)
# An applicant is talked to within a month of the application (DOMAIN §2).
APPLICANT_TALK_MONTHS = 1


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


def check_kind(kind: str) -> str:
    """An event kind code, or an error listing the valid ones."""
    if kind not in EVENT_KINDS:
        raise ValidationError("member.event_kind_unknown", value=kind, valid=", ".join(EVENT_KINDS))
    return kind


def check_hours(hours: Any) -> float | None:
    """学时: a positive finite number, or None for none."""
    if hours is None:
        return None
    try:
        value = float(hours)
    except (TypeError, ValueError):
        raise ValidationError("member.hours_invalid", value=hours) from None
    if not math.isfinite(value) or value <= 0:
        raise ValidationError("member.hours_invalid", value=f"{value:g}")
    return value


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
    """What a member's events say for the rules: training hours, last assessment, a talk."""

    training_hours: float = 0.0
    last_assessment: date | None = None
    last_talk: date | None = None


def add_event(
    db: Database,
    member_id: int,
    kind: str,
    on: date,
    hours: float | None = None,
    note: str | None = None,
) -> int:
    """Record a 培养记录 (kind of `member_events.EVENT_KINDS`); returns the new event's id."""
    from branchtui.storage.models import Member, MemberEvent
    from branchtui.storage.uow import UnitOfWork

    check_kind(kind)
    hours = check_hours(hours)
    with UnitOfWork(db, "member.event") as uow:
        uow.get(Member, member_id)
        event = MemberEvent(
            member_id=member_id,
            date=on,
            kind=kind,
            hours=hours,
            note=clean_text(note, "note", multiline=True),
        )
        uow.add(event)
        assert event.id is not None
        return event.id


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
    """Per member: summed training hours, the last assessment and the last talk."""
    from sqlalchemy import func, true
    from sqlmodel import col, select

    from branchtui.storage.models import MemberEvent

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
        .where(col(MemberEvent.kind).in_(("training", "assessment", "talk")))
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
    "EVENT_KINDS",
    "EventFacts",
    "EventView",
    "add_event",
    "check_hours",
    "check_kind",
    "event_facts",
    "event_view",
    "events_of",
    "member_events",
    "member_row",
    "reminders",
]
