"""Reading meeting records (组织生活记录): the year's meetings and one with its attendance.

Every read returns frozen views built inside the session: the people named (host,
recorder, lecturer, attendees) by name, the plan item served by its 序号 and title, the
attendance counted, and for a 支部党员大会 its quorum (`meeting_rules.quorum`). Writes are
`domain.meetings`; the 三会一课 board is `domain.meeting_board`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, select

from branchtui.domain.meeting_rules import Person, Quorum, person, quorum, voter_on
from branchtui.errors import NotFoundError
from branchtui.storage.database import Database
from branchtui.storage.models import Attendance, Meeting, Member, PlanItem
from branchtui.storage.uow import describe, values_of


@dataclass(frozen=True)
class AttendeeView:
    """One expected attendee: present, excused (请假) or absent (缺席), with the reason."""

    member_id: int
    name: str
    status: str
    reason: str | None
    voter: bool  # a full member that day (a 党员大会's quorum counts these)


@dataclass(frozen=True)
class MeetingView:
    """A meeting with its attendance. `host`, `recorder`, `lecturer`: the member's name,
    else the text recorded; `item` the plan item served, as `序号. title`."""

    id: int
    uid: str
    kind: str
    held_on: date
    place: str | None
    topic: str | None
    content: str | None
    host: str | None
    host_id: int | None
    recorder: str | None
    recorder_id: int | None
    lecturer: str | None
    lecturer_id: int | None
    group: str | None
    item_id: int | None
    item: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    attendance: tuple[AttendeeView, ...] = ()
    quorum: Quorum | None = None

    @property
    def expected(self) -> int:
        """Expected attendees (应到)."""
        return len(self.attendance)

    @property
    def present(self) -> int:
        """Present (实到)."""
        return self._count("present")

    @property
    def excused(self) -> int:
        """Excused (请假)."""
        return self._count("excused")

    @property
    def absent(self) -> int:
        """Absent (缺席)."""
        return self._count("absent")

    @property
    def quorate(self) -> bool | None:
        """For a 支部党员大会: whether more than half of the voters were present."""
        return None if self.quorum is None else self.quorum.quorate

    def _count(self, status: str) -> int:
        return sum(1 for a in self.attendance if a.status == status)


def people_in(session: Session, ids: Iterable[int] | None = None) -> dict[int, Person]:
    """Members as the meeting rules see them, by id: all of them, or those of `ids`."""
    query = select(Member)
    if ids is not None:
        query = query.where(col(Member.id).in_(sorted(set(ids))))
    return {m.id: person(values_of(m)) for m in session.exec(query).all() if m.id is not None}


def attendance_of(session: Session, meeting_ids: Sequence[int]) -> list[Attendance]:
    """The attendance rows of these meetings, by meeting, then member."""
    if not meeting_ids:
        return []
    return list(
        session.exec(
            select(Attendance)
            .where(col(Attendance.meeting_id).in_(meeting_ids))
            .order_by(col(Attendance.meeting_id), col(Attendance.member_id))
        ).all()
    )


def _views(session: Session, meetings: Sequence[Meeting]) -> list[MeetingView]:
    ids = [m.id for m in meetings if m.id is not None]
    rows = attendance_of(session, ids)
    named = {r.member_id for r in rows}
    for m in meetings:
        named |= {i for i in (m.host_id, m.recorder_id, m.lecturer_id) if i is not None}
    people = people_in(session, named)
    items = _items(session, {m.item_id for m in meetings if m.item_id is not None})
    by_meeting: dict[int, list[Attendance]] = {}
    for row in rows:
        by_meeting.setdefault(row.meeting_id, []).append(row)
    return [_view(m, by_meeting.get(m.id or 0, []), people, items) for m in meetings]


def _items(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    found = session.exec(
        select(PlanItem.id, PlanItem.number, PlanItem.title).where(col(PlanItem.id).in_(ids))
    ).all()
    return {item_id: f"{number}. {title}" for item_id, number, title in found if item_id}


def _named(people: dict[int, Person], member: int | None, text: str | None) -> str | None:
    if member is not None and member in people:
        return people[member].name
    return text


def _view(
    meeting: Meeting, rows: Sequence[Attendance], people: dict[int, Person], items: dict[int, str]
) -> MeetingView:
    assert meeting.id is not None
    attendees = []
    for row in rows:
        someone = people.get(row.member_id)
        attendees.append(
            AttendeeView(
                member_id=row.member_id,
                name=someone.name if someone else f"#{row.member_id}",
                status=row.status,
                reason=row.reason,
                voter=someone is not None and voter_on(someone, meeting.held_on),
            )
        )
    count = quorum(
        meeting.kind,
        meeting.held_on,
        [(people[r.member_id], r.status) for r in rows if r.member_id in people],
    )
    return MeetingView(
        id=meeting.id,
        uid=meeting.uid,
        kind=meeting.kind,
        held_on=meeting.held_on,
        place=meeting.place,
        topic=meeting.topic,
        content=meeting.content,
        host=_named(people, meeting.host_id, meeting.host_text),
        host_id=meeting.host_id,
        recorder=_named(people, meeting.recorder_id, meeting.recorder_text),
        recorder_id=meeting.recorder_id,
        lecturer=_named(people, meeting.lecturer_id, meeting.lecturer_text),
        lecturer_id=meeting.lecturer_id,
        group=meeting.group,
        item_id=meeting.item_id,
        item=items.get(meeting.item_id) if meeting.item_id is not None else None,
        created_at=meeting.created_at,
        updated_at=meeting.updated_at,
        version=meeting.version,
        attendance=tuple(attendees),
        quorum=count,
    )


def meeting_view_in(session: Session, meeting: Meeting) -> MeetingView:
    """The view of `meeting` with its attendance, read in `session`."""
    return _views(session, [meeting])[0]


def meeting_row(session: Session, meeting_id: int) -> Meeting:
    """The meeting with this id, or a NotFoundError naming it."""
    found = session.get(Meeting, meeting_id)
    if found is None:
        raise NotFoundError("record.not_found", record=describe(Meeting, meeting_id))
    return found


def list_meetings(db: Database, year: int, kind: str | None = None) -> list[MeetingView]:
    """The meetings held in `year` (optionally of one kind), in the order they were held."""
    with db.read() as session:
        query = select(Meeting).where(
            col(Meeting.held_on) >= date(year, 1, 1), col(Meeting.held_on) <= date(year, 12, 31)
        )
        if kind is not None:
            query = query.where(Meeting.kind == kind)
        meetings = session.exec(query.order_by(col(Meeting.held_on), col(Meeting.id))).all()
        return _views(session, meetings)


def get_meeting(db: Database, meeting_id: int) -> MeetingView:
    """One meeting with its attendance."""
    with db.read() as session:
        return meeting_view_in(session, meeting_row(session, meeting_id))


__all__ = [
    "AttendeeView",
    "MeetingView",
    "attendance_of",
    "get_meeting",
    "list_meetings",
    "meeting_row",
    "meeting_view_in",
    "people_in",
]
