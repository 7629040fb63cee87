"""The 三会一课 board: each kind (and each 党小组 for group meetings) × the periods of a
year, held, due and overdue — with the reminders the meeting records give.

Periods, due and overdue are those of checklist entries (SPEC §4, `periods.py`) with the
frequency 三会一课 asks of each kind (`meeting_rules.REQUIRED_FREQUENCY`): a period is held
when a meeting of its kind (and group) took place in it, due once it has begun and ends on
or after the day the branch started using branchtui that year, overdue when due, not held,
and past. That day (`starts_on`) is the earliest of the year's first checklist start, its
first meeting and its first change recorded: a branch that began in July owes nothing for
the first half. A year nothing was recorded in owes nothing, and neither does a branch that
has recorded no meeting at all (it keeps its minutes elsewhere: `status` does not call
every period of its year late).

Reminders:
- `no_meetings`: a Party member who attended no meeting for `[rules] absent_months`
  months (0: no reminder), counted from their last attended meeting, else from the later
  of the branch's first recorded meeting and their admission; never while the branch
  records no meetings at all. `date` is the day the absence reached that length.
- `secretary_lecture`: the secretary (职务 书记) has given no 党课 this year; `date` is
  December 31, the day it is due.

Light on purpose, like `domain.summary` (the quick `status` path): plain rows from
`storage.summary`, named tuples, no ORM.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, NamedTuple

from branchtui.domain.dates import add_months
from branchtui.domain.meeting_kinds import (
    MEETING_KINDS,
    REQUIRED_FREQUENCY,
    YEARLY_DUE_MONTH,
    is_secretary,
)
from branchtui.domain.periods import PeriodState, period_states
from branchtui.storage.summary import RawMeetings, reading

if TYPE_CHECKING:
    import sqlite3
    from pathlib import Path

__all__ = [
    "BoardPeriod",
    "BoardRow",
    "MeetingBoard",
    "MeetingReminder",
    "attended_since",
    "board_from_raw",
    "load_board",
    "read_board",
]


class BoardPeriod(NamedTuple):
    """One cell of the board: a period of a kind (and group)."""

    period: str  # 2024, 2024-Q3, 2024-07
    first_day: date
    last_day: date
    held: int  # meetings of the kind (and group) in the period
    due: bool
    overdue: bool

    @property
    def state(self) -> str:
        """`held`, `overdue`, `due` (now, not held yet) or `not_due` — what a cell shows."""
        if self.held:
            return "held"
        if self.overdue:
            return "overdue"
        return "due" if self.due else "not_due"


class BoardRow(NamedTuple):
    """One kind (and 党小组, for group meetings) across the year."""

    kind: str
    group: str | None
    frequency: str
    periods: tuple[BoardPeriod, ...]

    @property
    def due(self) -> int:
        """Periods due so far."""
        return sum(1 for p in self.periods if p.due)

    @property
    def held(self) -> int:
        """Due periods in which a meeting was held."""
        return sum(1 for p in self.periods if p.due and p.held)

    @property
    def overdue(self) -> int:
        """Due periods past their last day without a meeting."""
        return sum(1 for p in self.periods if p.overdue)


# MeetingReminder has a field named `date` (as SPEC §5's reminders), which hides the type.
_Day = date


class MeetingReminder(NamedTuple):
    """A member the meeting records say to look after (see the module)."""

    member_id: int
    name: str
    kind: str  # no_meetings | secretary_lecture
    date: _Day
    last: _Day | None  # no_meetings: the last meeting attended, if any
    months: int = 0  # no_meetings: `[rules] absent_months`


class MeetingBoard(NamedTuple):
    """The year's 三会一课 as of `today`."""

    year: int
    today: date
    starts_on: date | None
    rows: tuple[BoardRow, ...]
    counts: dict[str, int]  # meetings held in the year, by kind (every kind)
    reminders: tuple[MeetingReminder, ...]

    @property
    def overdue(self) -> int:
        """Overdue periods, every row together."""
        return sum(row.overdue for row in self.rows)


def read_board(
    connection: sqlite3.Connection, year: int, today: date, absent_months: int = 3
) -> MeetingBoard:
    """The board of `year` as of `today`, read in one transaction from a plain sqlite3
    connection (`storage.schema.open_for_reading`)."""
    with reading(connection) as reader:
        raw = reader.meetings(year, today.isoformat(), attended_since(today, absent_months))
    return board_from_raw(raw, year, today, absent_months)


def attended_since(today: date, absent_months: int) -> str | None:
    """The day (ISO) from which a meeting attended means no `no_meetings` reminder today,
    or None when there are no such reminders (`absent_months` 0): storage then reads the
    last meeting only of those who attended none since. `add_months` clamps a day to the
    end of a shorter month, by at most 3 days: 4 days later is always far enough."""
    if absent_months <= 0:
        return None
    return (add_months(today, -absent_months) + timedelta(days=4)).isoformat()


def load_board(path: Path, year: int, today: date, absent_months: int = 3) -> MeetingBoard:
    """`read_board` on a read connection of its own to the (up-to-date) database file at
    `path`, closed again: for a caller holding no plain connection (the Markdown export)."""
    from branchtui.storage.schema import open_for_reading

    connection, _snapshot = open_for_reading(path)
    try:
        return read_board(connection, year, today, absent_months)
    finally:
        connection.close()


def board_from_raw(raw: RawMeetings, year: int, today: date, absent_months: int) -> MeetingBoard:
    """The board from storage's rows (see `storage.summary.RawMeetings`)."""
    starts_on = _day(raw.starts_on) if raw.first_meeting is not None else None
    held: dict[tuple[str, str | None], list[date]] = {}
    counts = dict.fromkeys(MEETING_KINDS, 0)
    for _id, kind, group, held_on, _lecturer in raw.meetings:
        held.setdefault((kind, group if kind == "group" else None), []).append(
            date.fromisoformat(held_on)
        )
        counts[kind] = counts.get(kind, 0) + 1
    groups = sorted(set(raw.groups) | {g for k, g in held if k == "group" and g})
    # A year nothing was recorded in owes nothing: it starts after its own end.
    start = starts_on or date(year + 1, 1, 1)
    states = {
        frequency: period_states(
            frequency, year, YEARLY_DUE_MONTH if frequency == "yearly" else None, start, today, ()
        )
        for frequency in set(REQUIRED_FREQUENCY.values())
    }
    rows = [
        _row(kind, group, frequency, states[frequency], today, held)
        for kind, frequency in REQUIRED_FREQUENCY.items()
        for group in (groups if kind == "group" else [None])
    ]
    reminders = _absences(raw, today, absent_months)
    if starts_on is not None:
        reminders += _secretary_lectures(raw, year, today)
    reminders.sort(key=lambda r: (r.date, r.member_id))
    return MeetingBoard(year, today, starts_on, tuple(rows), counts, tuple(reminders))


def _row(
    kind: str,
    group: str | None,
    frequency: str,
    states: list[PeriodState],
    today: date,
    held: dict[tuple[str, str | None], list[date]],
) -> BoardRow:
    """A kind's (and group's) row: each period's state with the meetings held in it."""
    days = held.get((kind, group), [])
    cells = []
    for state in states:
        count = sum(1 for day in days if state.first_day <= day <= state.last_day)
        overdue = state.due and not count and today > state.last_day
        cells.append(
            BoardPeriod(state.period, state.first_day, state.last_day, count, state.due, overdue)
        )
    return BoardRow(kind, group, frequency, tuple(cells))


def _absences(raw: RawMeetings, today: date, absent_months: int) -> list[MeetingReminder]:
    first = _day(raw.first_meeting)
    if first is None or absent_months <= 0:
        return []
    found = []
    for member_id, name, _stage, _post, admitted_on, last_present in raw.members:
        if member_id in raw.present_since:
            continue  # attended recently (see `attended_since`)
        last = _day(last_present)
        since = last
        if since is None:
            admitted = _day(admitted_on)
            since = max(first, admitted) if admitted is not None else first
        due = add_months(since, absent_months)
        if due <= today:
            found.append(MeetingReminder(member_id, name, "no_meetings", due, last, absent_months))
    return found


def _secretary_lectures(raw: RawMeetings, year: int, today: date) -> list[MeetingReminder]:
    lecturers = {lecturer for _i, kind, _g, _d, lecturer in raw.meetings if kind == "lecture"}
    return [
        MeetingReminder(member_id, name, "secretary_lecture", date(year, 12, 31), None)
        for member_id, name, _stage, post, _admitted, _last in raw.members
        if is_secretary(post) and member_id not in lecturers and today.year >= year
    ]


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
