"""The year's meetings as the app lists them, from plain rows: when, what, who came, and
for a 支部党员大会 whether it was quorate (`meeting_rules.quorum`, the one rule).

Light on purpose (no ORM), like `domain.summary`: a big branch's year of meetings is read
in milliseconds. One meeting with every field and its attendance is `meeting_views`.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

from branchtui.domain.meeting_rules import Person, Quorum, quorum

if TYPE_CHECKING:
    from branchtui.storage.meeting_rows import MeetingTuple, PersonTuple, VoterTuple


class MeetingRow(NamedTuple):
    """One line of the meetings list."""

    id: int
    kind: str
    held_on: date
    group: str | None
    topic: str | None
    host: str | None
    version: int
    expected: int
    present: int
    quorum: Quorum | None  # a 支部党员大会's; None for other kinds

    @property
    def quorate(self) -> bool | None:
        """For a 支部党员大会: whether more than half of the voters were present."""
        return None if self.quorum is None else self.quorum.quorate


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def person_from_tuple(row: PersonTuple) -> Person:
    """A register row (`storage.meeting_rows.PersonTuple`) as the meeting rules see it."""
    member_id, name, stage, active, group, post, admitted, confirmed, left = row
    return Person(
        member_id, name, stage, bool(active), group, post, _day(admitted), _day(confirmed),
        _day(left),
    )  # fmt: skip


def meeting_rows(meetings: list[MeetingTuple], voters: list[VoterTuple]) -> list[MeetingRow]:
    """The list's rows from storage's tuples (`storage.meeting_rows.meeting_tuples`)."""
    attendance: dict[int, list[tuple[Person, str]]] = {}
    for row in voters:
        attendance.setdefault(row[0], []).append((person_from_tuple(row[2:]), row[1]))
    rows = []
    for meeting_id, kind, held_on, group, topic, host, version, expected, present in meetings:
        day = date.fromisoformat(held_on)
        count = quorum(kind, day, attendance.get(meeting_id, []))
        rows.append(
            MeetingRow(meeting_id, kind, day, group, topic, host, version, expected, present, count)
        )
    return rows


__all__ = ["MeetingRow", "meeting_rows", "person_from_tuple"]
