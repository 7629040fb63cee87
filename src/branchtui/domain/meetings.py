"""Recording meetings (组织生活记录): adding, changing, attendance, deleting.

Every function is one unit of work that reads, checks the version the caller's view was
based on (`expected_version`: a meeting someone else changed meanwhile, its attendance
included, is a ConflictError naming who and when), writes, and writes its history. The
values about to be stored go through `meeting_rules.meeting` and
`meeting_rules.meeting_attendance` (the rules every writer shares, the TOML import too).

`add_meeting` records every expected attendee (`meeting_rules.expected`) present unless
the draft marks them excused or absent; someone else on the register may be marked too
(列席, or absent from a meeting they were asked to). Changing a meeting's kind, group or
day recomputes who was expected, keeping what was recorded of those still expected. What
the user should know comes back as notices: a 支部党员大会 below quorum (naming the
counts), a host named by text because no member has that name, another record of the same
meeting that day, someone marked who was not expected.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from branchtui.domain import meeting_rules
from branchtui.domain.changes import UNSET, Notice, Unset, Written, given
from branchtui.domain.meeting_rules import Person
from branchtui.domain.meeting_views import (
    MeetingView,
    attendance_of,
    meeting_row,
    meeting_view_in,
    people_in,
)
from branchtui.errors import FieldError, NotFoundError
from branchtui.storage.database import Database
from branchtui.storage.models import Attendance, Meeting, PlanItem
from branchtui.storage.uow import UnitOfWork, snapshot, values_of

# The people a meeting names besides its attendees: (change-set field, stored id, text).
ROLES = (("host", "host_id", "host_text"), ("recorder", "recorder_id", "recorder_text"))
LECTURER = ("lecturer", "lecturer_id", "lecturer_text")
# Fields whose change means another set of expected attendees.
_WHO_IS_EXPECTED = ("kind", "group", "held_on")


class MeetingNotice(Notice):
    """A notice about a meeting; its `kind` parameter is shown as the kind's label."""

    def message(self) -> str:
        from branchtui.i18n import label, t

        params = dict(self.params)
        if "kind" in params:
            params["kind_label"] = label("meeting_kind", params["kind"])
        if "role" in params:
            params["role_label"] = t(f"field.{params['role']}")
        return t(self.key, **params)


@dataclass(frozen=True)
class Mark:
    """Someone's attendance as recorded: a member's id or unique name, a status (`present`,
    `excused`, `absent`) and for the last two the reason."""

    member: int | str
    status: str
    reason: str | None = None


@dataclass(frozen=True)
class MeetingDraft:
    """A new meeting. `host`, `recorder`, `lecturer`: a member's id or name — a name no
    member has is recorded as text (a lecturer from the higher committee); `attendance`
    marks those not present (everyone expected is present unless marked)."""

    kind: str
    held_on: date
    topic: str | None = None
    place: str | None = None
    host: int | str | None = None
    recorder: int | str | None = None
    lecturer: int | str | None = None
    group: str | None = None
    item_id: int | None = None
    content: str | None = None
    attendance: tuple[Mark, ...] = ()


@dataclass(frozen=True)
class MeetingChanges:
    """The fields of a meeting to change; UNSET leaves one alone, None (or "") clears it.
    A new kind other than `group` clears the group unless one is given."""

    kind: str | Unset = UNSET
    held_on: date | Unset = UNSET
    topic: str | Unset | None = UNSET
    place: str | Unset | None = UNSET
    host: int | str | Unset | None = UNSET
    recorder: int | str | Unset | None = UNSET
    lecturer: int | str | Unset | None = UNSET
    group: str | Unset | None = UNSET
    item_id: int | Unset | None = UNSET
    content: str | Unset | None = UNSET


# -- writing ---------------------------------------------------------------------------------
def add_meeting(db: Database, draft: MeetingDraft, *, today: date) -> Written[MeetingView]:
    """Record a meeting held on `draft.held_on` (not after `today`) with its attendance."""
    changes = MeetingChanges(
        **{k: v for k, v in vars(draft).items() if k != "attendance" and v is not None}
    )
    notices: list[Notice] = []
    with UnitOfWork(db, "meeting.add") as uow:
        people = people_in(uow.session)
        values: dict[str, Any] = {"kind": draft.kind, "held_on": draft.held_on}
        _apply(uow.session, values, given(changes), people, notices)
        row = _checked(uow.session, values, people, today)
        rows = {p.id: _present(p.id) for p in _expected(row, people)}
        _mark(uow.session, rows, draft.attendance, row, people, notices)
        meeting = uow.add(Meeting(**row))
        assert meeting.id is not None
        for values in _attendance_rows(rows, row, people):
            uow.add(Attendance(meeting_id=meeting.id, **values))
        view = meeting_view_in(uow.session, meeting)
        notices = _same_day(uow.session, meeting) + notices + _quorum(view)
    return Written(view, notices=tuple(notices))


def update_meeting(
    db: Database,
    meeting_id: int,
    changes: MeetingChanges,
    marks: Sequence[Mark] = (),
    *,
    today: date,
    expected_version: int | None = None,
) -> Written[MeetingView]:
    """Change a meeting's fields and attendance as one change; a new kind, group or day
    recomputes who was expected (what was recorded of those still expected is kept)."""
    wanted = given(changes)
    notices: list[Notice] = []
    with UnitOfWork(db, "meeting.set") as uow:
        meeting = meeting_row(uow.session, meeting_id)
        uow.check_version(meeting, expected_version)
        people = people_in(uow.session)
        before = snapshot(meeting)
        values = values_of(meeting)
        if "kind" in wanted and wanted["kind"] != "group" and "group" not in wanted:
            values["group"] = None
        _apply(uow.session, values, wanted, people, notices)
        row = _checked(uow.session, values, people, today)
        stored = {r.member_id: r for r in attendance_of(uow.session, [meeting_id])}
        rows = {m: _stored_row(r) for m, r in stored.items()}
        if any(row[k] != _stored_value(before, k) for k in _WHO_IS_EXPECTED):
            rows = {p.id: rows.get(p.id, _present(p.id)) for p in _expected(row, people)}
        _mark(uow.session, rows, marks, row, people, notices)
        final = {r["member_id"]: r for r in _attendance_rows(rows, row, people)}
        for key, value in row.items():
            if getattr(meeting, key) != value:
                setattr(meeting, key, value)
        changed = uow.update(meeting, before)
        if _write_attendance(uow, meeting_id, stored, final) and not changed:
            uow.touch(meeting)
        view = meeting_view_in(uow.session, meeting)
        if "kind" in wanted or "held_on" in wanted or marks:
            notices += _quorum(view)
    return Written(view, changed=uow.changed, notices=tuple(notices))


def set_attendance(
    db: Database,
    meeting_id: int,
    member_id: int,
    status: str,
    reason: str | None = None,
    *,
    today: date,
    expected_version: int | None = None,
) -> Written[MeetingView]:
    """One attendee's status (present, excused, absent) and reason (the form's `space`)."""
    mark = Mark(member_id, status, reason)
    return update_meeting(
        db,
        meeting_id,
        MeetingChanges(),
        (mark,),
        today=today,
        expected_version=expected_version,
    )


def delete_meeting(db: Database, meeting_id: int, *, expected_version: int | None = None) -> None:
    """Delete a meeting with its attendance, each with its history (undo restores them)."""
    with UnitOfWork(db, "meeting.delete") as uow:
        meeting = meeting_row(uow.session, meeting_id)
        uow.check_version(meeting, expected_version)
        for row in attendance_of(uow.session, [meeting_id]):
            uow.delete(row)
        uow.delete(meeting)


# -- the steps -------------------------------------------------------------------------------
def _stored_value(before: Mapping[str, Any], key: str) -> Any:
    """A field's stored value from `snapshot` (dates are ISO text there)."""
    value = before.get(key)
    if key == "held_on" and isinstance(value, str):
        return date.fromisoformat(value)
    return value


def _apply(
    session: Session,
    values: dict[str, Any],
    wanted: Mapping[str, Any],
    people: Mapping[int, Person],
    notices: list[Notice],
) -> None:
    """The change set's fields onto the values about to be stored; people by id or name."""
    for role, id_field, text_field in (*ROLES, LECTURER):
        if role in wanted:
            values[id_field], values[text_field] = _person_or_text(
                session, role, wanted[role], people, notices
            )
    for key, value in wanted.items():
        if key not in ("host", "recorder", "lecturer"):
            values[key] = value


def _person_or_text(
    session: Session,
    role: str,
    value: int | str | None,
    people: Mapping[int, Person],
    notices: list[Notice],
) -> tuple[int | None, str | None]:
    """A member's id, or the text of someone not on the register (said in a notice)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None, None
    from branchtui.domain.members import resolve_member

    try:
        member = resolve_member(session, str(value), include_left=True)
    except NotFoundError as error:
        if isinstance(value, int) or str(value).strip().isdigit():
            raise FieldError("meeting.no_such_member", role, value=value) from None
        if error.key != "member.no_such_name":
            raise
        notices.append(MeetingNotice("meeting.role_as_text", {"role": role, "name": value}))
        return None, str(value)
    assert member.id is not None and member.id in people
    return member.id, None


def _checked(
    session: Session, values: dict[str, Any], people: Mapping[int, Person], today: date
) -> dict[str, Any]:
    """The meeting through its rules; its 党小组 one the register has, its item stored."""
    row = meeting_rules.meeting(values, people, today=today)
    if row["kind"] == "group":
        meeting_rules.check_group(row["group"], (p.group for p in people.values()))
    if row.get("item_id") is not None and session.get(PlanItem, row["item_id"]) is None:
        raise FieldError("meeting.no_such_item", "item", value=row["item_id"])
    return row


def _expected(row: Mapping[str, Any], people: Mapping[int, Person]) -> list[Person]:
    return meeting_rules.expected(row["kind"], row["group"], row["held_on"], people.values())


def _present(member_id: int) -> dict[str, Any]:
    return {"member_id": member_id, "status": "present", "reason": None}


def _stored_row(row: Attendance) -> dict[str, Any]:
    return {"member_id": row.member_id, "status": row.status, "reason": row.reason}


def _mark(
    session: Session,
    rows: dict[int, dict[str, Any]],
    marks: Sequence[Mark],
    meeting: Mapping[str, Any],
    people: Mapping[int, Person],
    notices: list[Notice],
) -> None:
    """Apply marks to the attendance by member id; someone not expected is added (a
    notice says so unless they attended, 列席)."""
    from branchtui.domain.members import resolve_member

    for mark in marks:
        try:
            member = resolve_member(session, str(mark.member), include_left=True)
        except NotFoundError:
            raise FieldError("meeting.no_such_attendee", "member", name=mark.member) from None
        assert member.id is not None
        if member.id not in rows and mark.status != "present":
            notices.append(
                MeetingNotice(
                    "meeting.not_expected", {"name": member.name, "kind": meeting["kind"]}
                )
            )
        rows[member.id] = {"member_id": member.id, "status": mark.status, "reason": mark.reason}


def _attendance_rows(
    rows: Mapping[int, Mapping[str, Any]], meeting: Mapping[str, Any], people: Mapping[int, Person]
) -> list[dict[str, Any]]:
    """Every attendee through the attendance rule, by member id."""
    checked = [meeting_rules.meeting_attendance(rows[m], meeting, people) for m in sorted(rows)]
    meeting_rules.check_attendance(checked, people)
    return checked


def _write_attendance(
    uow: UnitOfWork,
    meeting_id: int,
    stored: Mapping[int, Attendance],
    final: Mapping[int, Mapping[str, Any]],
) -> bool:
    """Bring the stored attendance to `final`; whether anything was written."""
    wrote = False
    for member_id, row in stored.items():
        if member_id not in final:
            uow.delete(row)
            wrote = True
    for member_id, values in final.items():
        found = stored.get(member_id)
        if found is None:
            uow.add(Attendance(meeting_id=meeting_id, **values))
            wrote = True
            continue
        before = snapshot(found)
        found.status, found.reason = values["status"], values["reason"]
        wrote |= uow.update(found, before)
    return wrote


def _quorum(view: MeetingView) -> list[Notice]:
    """A 支部党员大会 below quorum, naming the counts."""
    if view.quorum is None or view.quorum.quorate:
        return []
    return [
        MeetingNotice(
            "meeting.below_quorum",
            {
                "date": view.held_on.isoformat(),
                "voters": view.quorum.voters,
                "present": view.quorum.present,
                "needed": view.quorum.voters // 2 + 1,
            },
        )
    ]


def _same_day(session: Session, meeting: Meeting) -> list[Notice]:
    """Another record of the same kind (and group) that day: entered twice?"""
    query = select(Meeting.id).where(
        Meeting.kind == meeting.kind,
        Meeting.held_on == meeting.held_on,
        col(Meeting.id) != meeting.id,
    )
    if meeting.group is not None:
        query = query.where(Meeting.group == meeting.group)
    other = session.exec(query.limit(1)).first()
    if other is None:
        return []
    return [
        MeetingNotice(
            "meeting.same_day",
            {"kind": meeting.kind, "date": meeting.held_on.isoformat(), "id": other},
        )
    ]


__all__ = [
    "Mark",
    "MeetingChanges",
    "MeetingDraft",
    "MeetingNotice",
    "add_meeting",
    "delete_meeting",
    "set_attendance",
    "update_meeting",
]
