"""The rules of 组织生活 records (三会一课, DOMAIN §3), whoever writes them.

Part of the one write path (`domain.record_rules` exposes `meeting` and
`meeting_attendance`): the commands, the app and the TOML import hand a meeting's complete
values — a dict keyed by model attribute — with its attendance and the people it names,
and get them back normalised, or a `FieldError` naming the field. Pure and light: no
database; `status` uses the kinds, the requirements and who counts as whom, so the value
rules the validators share (`record_rules`) are imported when a record is checked, not
with this module.

The kinds, how often each is due and who holds a 支委 post are `meeting_kinds`.

Who is expected (SPEC §4), judged on the meeting's day:
- 支部党员大会, 党课, 主题党日, 组织生活会, 民主评议 (and other meetings): every Party
  member — full or probationary, admitted by that day and not yet transferred out;
- 支委会: those Party members whose 职务 is a 支委 post (`is_committee_post`);
- 党小组会: the Party members of that 党小组.
The group and the post are the member's current ones (the register keeps no history of
them); stage and membership follow the dates: a member admitted in May was not expected in
March, one who left in April was. A 党员大会 is quorate when more than half of the members
entitled to vote — full members on that day; 预备党员 attend but have no vote — are present.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any, NamedTuple

from branchtui.domain.meeting_kinds import (
    ATTENDANCE_STATUSES,
    MEETING_KINDS,
    PARTY_STAGES,
    is_committee_post,
)
from branchtui.errors import FieldError

# Kinds whose expected attendees are every Party member.
_ALL_MEMBERS = frozenset(("general", "lecture", "theme_day", "life", "review", "other"))


class Person(NamedTuple):
    """What the meeting rules need to know of someone on the register."""

    id: Any  # the member's id (or, in an import, the uid of a member still to be created)
    name: str
    stage: str
    active: bool
    group: str | None
    post: str | None
    admitted_on: date | None
    confirmed_on: date | None
    left_on: date | None


def person(values: Mapping[str, Any], key: Any = None) -> Person:
    """A `Person` from a member's values by attribute (`key`: what rows name it by; its
    id by default)."""
    return Person(
        id=values["id"] if key is None else key,
        name=str(values.get("name") or ""),
        stage=str(values.get("stage") or ""),
        active=bool(values.get("active", True)),
        group=values.get("group"),
        post=values.get("post"),
        admitted_on=values.get("admitted_on"),
        confirmed_on=values.get("confirmed_on"),
        left_on=values.get("left_on"),
    )


def on_register(someone: Person, day: date) -> bool:
    """Whether they were on the branch's register that day: active, or transferred out
    after it."""
    if someone.active:
        return True
    return someone.left_on is not None and someone.left_on > day


def party_member_on(someone: Person, day: date) -> bool:
    """A Party member (full or probationary) on the register that day."""
    if someone.stage not in PARTY_STAGES or not on_register(someone, day):
        return False
    return someone.admitted_on is None or someone.admitted_on <= day


def voter_on(someone: Person, day: date) -> bool:
    """Entitled to vote that day: a full member (预备党员 have no vote; DOMAIN §2)."""
    if not party_member_on(someone, day) or someone.stage != "full":
        return False
    return someone.confirmed_on is None or someone.confirmed_on <= day


def expected(kind: str, group: str | None, day: date, people: Iterable[Person]) -> list[Person]:
    """Who is expected at a meeting of `kind` (and `group`) on `day` (see the module)."""
    members = [p for p in people if party_member_on(p, day)]
    if kind == "committee":
        members = [p for p in members if is_committee_post(p.post)]
    elif kind == "group":
        members = [p for p in members if group is not None and p.group == group]
    elif kind not in _ALL_MEMBERS:
        return []
    # ids in order; an import's members still to be created (named by uid) after them
    return sorted(members, key=lambda p: (0, p.id, "") if isinstance(p.id, int) else (1, 0, p.id))


class Quorum(NamedTuple):
    """A 党员大会's count: members entitled to vote, and how many of them were present."""

    voters: int
    present: int

    @property
    def quorate(self) -> bool:
        """More than half of those entitled to vote were present."""
        return 2 * self.present > self.voters


def quorum(kind: str, day: date, attendance: Iterable[tuple[Person, str]]) -> Quorum | None:
    """The quorum of a 支部党员大会 from its attendance (person, status); None for other kinds."""
    if kind != "general":
        return None
    voters = [status for someone, status in attendance if voter_on(someone, day)]
    return Quorum(len(voters), sum(1 for status in voters if status == "present"))


# -- the record rules ------------------------------------------------------------------------
def _code(value: Any, name: str, valid: Sequence[str], key: str) -> str:
    if not isinstance(value, str) or value not in valid:
        raise FieldError(key, name, value=value, valid=", ".join(valid))
    return value


def meeting(
    values: Mapping[str, Any], people: Mapping[Any, Person], *, today: date
) -> dict[str, Any]:
    """A meeting: a kind, the day it was held (not after today), a 党小组 exactly for group
    meetings, a lecturer for a 党课; texts trimmed, without control characters, within
    their lengths; host, recorder and lecturer members of `people` (those the rows name)."""
    from branchtui.domain.record_rules import YEARS, a_date, text

    row = dict(values)
    kind = _code(row.get("kind"), "kind", MEETING_KINDS, "meeting.bad_kind")
    held_on = a_date(row.get("held_on"), "held_on")
    if held_on is None:
        raise FieldError("record.required", "held_on")
    if not YEARS[0] <= held_on.year <= YEARS[1]:
        raise FieldError(
            "record.out_of_range", "held_on", value=held_on, low=YEARS[0], high=YEARS[1]
        )
    if held_on > today:
        raise FieldError(
            "meeting.in_future", "held_on", date=held_on.isoformat(), today=today.isoformat()
        )
    row["held_on"] = held_on
    for name in ("place", "topic", "host_text", "recorder_text", "lecturer_text", "group"):
        row[name] = text(row.get(name), name)
    row["content"] = text(row.get("content"), "content", multiline=True)
    for name in ("host", "recorder", "lecturer"):
        member = row.get(f"{name}_id")
        if member is not None and member not in people:
            raise FieldError("meeting.no_such_member", name, value=member)
        if member is not None:
            row[f"{name}_text"] = None  # a member is named by the register, not by text
    if kind == "group" and row["group"] is None:
        raise FieldError("meeting.group_required", "group")
    if kind != "group" and row["group"] is not None:
        raise FieldError("meeting.group_only_for_group", "group", group=row["group"])
    if kind == "lecture" and row.get("lecturer_id") is None and row["lecturer_text"] is None:
        raise FieldError("meeting.lecturer_required", "lecturer")
    return row


def meeting_attendance(
    values: Mapping[str, Any], meeting_row: Mapping[str, Any], people: Mapping[Any, Person]
) -> dict[str, Any]:
    """One attendee: someone on the register the meeting's day (an expected member, or
    another who attended, 列席), present, excused or absent; a reason only for the last
    two."""
    from branchtui.domain.record_rules import field, text

    row = dict(values)
    member = row.get("member_id")
    someone = people.get(member)
    if someone is None:
        raise FieldError("meeting.no_such_member", "member", value=member)
    status = _code(
        row.get("status", "present"), "status", ATTENDANCE_STATUSES, "meeting.bad_attendance"
    )
    row["status"] = status
    with field("reason"):
        reason = text(row.get("reason"), "reason")
    row["reason"] = None if status == "present" else reason
    day = meeting_row.get("held_on")
    if isinstance(day, date) and not on_register(someone, day):
        raise FieldError(
            "meeting.not_on_register", "member", name=someone.name, date=day.isoformat()
        )
    return row


def check_group(group: str | None, known: Iterable[str | None]) -> None:
    """A group meeting's 党小组 is one of the register's (`known`: the members' groups):
    a typo would make a new group that nobody is expected at."""
    groups = sorted({g for g in known if g})
    if group not in groups:
        from branchtui.i18n import t

        raise FieldError(
            "meeting.unknown_group",
            "group",
            group=group,
            groups=t("list.separator").join(groups) or "-",
        )


def check_attendance(rows: Sequence[Mapping[str, Any]], people: Mapping[Any, Person]) -> None:
    """Each member at most once in a meeting's attendance."""
    seen: set[Any] = set()
    for row in rows:
        member = row.get("member_id")
        if member in seen:
            someone = people.get(member)
            raise FieldError(
                "meeting.attendance_twice", "attendance", name=someone.name if someone else member
            )
        seen.add(member)


__all__ = [
    "Person",
    "Quorum",
    "check_attendance",
    "check_group",
    "expected",
    "meeting",
    "meeting_attendance",
    "on_register",
    "party_member_on",
    "person",
    "quorum",
    "voter_on",
]
