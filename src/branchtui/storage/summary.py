"""The plain-SQL queries behind `status` and the dashboard's counters.

sqlite3 only: this module must not import SQLAlchemy (see docs/architecture.md). It returns
raw rows; the rules (overdue, progress from steps, checklist periods, reminders) are the
domain's (`domain/summary.py`).

Everything a summary needs is read inside one read transaction (`reading`), the labels of
the few rows shown included, so another process's import or undo between two queries can
never make them disagree (issue 9, finding 7: `status` failed with KeyError when titles
were read in a second transaction).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from typing import NamedTuple


class RawSummary(NamedTuple):
    """Everything `status` needs, as stored (dates as ISO text)."""

    branch: str
    # id, due, status, progress — no titles: 10,000 of them cost more than the rest of
    # `status` together; `Reader.item_labels` fetches the few that are shown.
    items: list[tuple[int, str | None, str, int]]
    # item_id, steps done, steps in all, open steps due before today (items with steps)
    steps: list[tuple[int, int, int, int]]
    # id, title, kind, starts_on
    checklists: list[tuple[int, str, str, str | None]]
    # id, checklist_id, position, title, frequency, due_month
    entries: list[tuple[int, int, int, str, str, int | None]]
    # entry_id, period
    checks: list[tuple[int, str]]
    # stage, count of active members
    stages: list[tuple[str, int]]
    # active probationary members and activists: id, name, stage, admitted_on,
    # probation_extended_to, activist_on, date of the last `assessment` event
    candidates: list[tuple[int, str, str, str | None, str | None, str | None, str | None]]
    # the years that have plan items, read only when this year has none (a hint)
    plan_years: list[int]


_ITEMS = "SELECT id, due, status, progress FROM plan_item WHERE year = ?"
# Every year's steps, with how many are open and due before a day (0, not NULL, when none
# has a due date): one ordered scan of the covering ix_step_summary (item_id, done, due) is
# cheaper than joining the year's items and sorting for the GROUP BY; other years' counts
# are simply not looked up.
_STEPS = (
    "SELECT item_id, SUM(done), COUNT(*), COALESCE(SUM(done = 0 AND due < ?), 0)"
    " FROM step GROUP BY item_id"
)
# The oldest open steps due before a day of the year's items not in the given (closed)
# statuses; the covering indexes answer it (SPEC §9's data has 7,000, ten are shown).
_LATE_STEPS = """
SELECT s.item_id, s.id, s.due, s.title
FROM plan_item AS i INDEXED BY ix_plan_item_summary
JOIN step AS s ON s.item_id = i.id AND s.done = 0
WHERE i.year = ? AND s.due < ? AND i.status NOT IN ({closed})
ORDER BY s.due, s.item_id, s.id
"""
_ITEM_LABELS = """
SELECT i.id, i.number, i.title, COALESCE(m.name, i.owner_text)
FROM plan_item AS i LEFT JOIN member AS m ON m.id = i.owner_id
WHERE i.id IN (SELECT value FROM json_each(?))
"""
_CHECKLISTS = "SELECT id, title, kind, starts_on FROM checklist WHERE year = ? ORDER BY id"
_ENTRIES = """
SELECT e.id, e.checklist_id, e.position, e.title, e.frequency, e.due_month
FROM checklist_entry AS e JOIN checklist AS c ON c.id = e.checklist_id
WHERE c.year = ? ORDER BY e.checklist_id, e.position, e.id
"""
_CHECKS = """
SELECT k.entry_id, k.period FROM checklist_check AS k
JOIN checklist_entry AS e ON e.id = k.entry_id
JOIN checklist AS c ON c.id = e.checklist_id WHERE c.year = ?
"""
_YEARS = "SELECT DISTINCT year FROM plan_item ORDER BY year"
_STAGES = "SELECT stage, COUNT(*) FROM member WHERE active = 1 GROUP BY stage"
_CANDIDATES = """
SELECT m.id, m.name, m.stage, m.admitted_on, m.probation_extended_to, m.activist_on,
       (SELECT MAX(e.date) FROM member_event AS e
        WHERE e.member_id = m.id AND e.kind = 'assessment')
FROM member AS m WHERE m.active = 1 AND m.stage IN ('probationary', 'activist')
ORDER BY m.id
"""


class RawMeetings(NamedTuple):
    """What the 三会一课 board and its reminders need, as stored (dates as ISO text)."""

    # the year's meetings: id, kind, group, held_on, lecturer_id
    meetings: list[tuple[int, str, str | None, str, int | None]]
    # the day the branch started using branchtui that year: the earliest of the year's
    # checklist starts, meetings and changes recorded (None: nothing recorded that year)
    starts_on: str | None
    # the 党小组 of the active Party members
    groups: list[str]
    # active Party members: id, name, stage, post, admitted_on, last meeting attended
    # (read only for those not in `present_since`; None for them and for those who never)
    members: list[tuple[int, str, str, str | None, str | None, str | None]]
    # the first meeting the branch recorded (up to today), if any
    first_meeting: str | None
    # members who attended a meeting on or after the `since` day `meetings` was given
    present_since: frozenset[int] = frozenset()


_MEETINGS = """
SELECT id, kind, party_group, held_on, lecturer_id FROM meeting
WHERE held_on BETWEEN ? AND ? ORDER BY held_on, id
"""
# Changes are stamped in UTC (ISO text, which orders as the instants do).
_STARTS_ON = """
SELECT MIN(day) FROM (
    SELECT MIN(starts_on) AS day FROM checklist WHERE year = ?
    UNION ALL SELECT MIN(held_on) FROM meeting WHERE held_on BETWEEN ? AND ?
    UNION ALL SELECT substr(MIN(at), 1, 10) FROM change WHERE at >= ? AND at < ?
)
"""
_PARTY = "m.active = 1 AND m.stage IN ('full', 'probationary')"
_PARTY_MEMBERS = f"""
SELECT m.id, m.name, m.stage, m.post, m.admitted_on, m.party_group FROM member AS m
WHERE {_PARTY} ORDER BY m.id
"""
# Who attended since a day: the few months' meetings, then their attendance from the
# covering ix_attendance_meeting (SPEC §9's 9,000 attendees: ~1 ms, where each member's
# last meeting read for all of them takes ~4 ms).
_PRESENT_SINCE = """
SELECT DISTINCT a.member_id FROM meeting AS g
CROSS JOIN meeting_attendance AS a ON a.meeting_id = g.id AND a.status = 'present'
WHERE g.held_on BETWEEN ? AND ?
"""
# The last meeting attended by the (usually few) others.
_LAST_PRESENT = """
SELECT a.member_id, MAX(g.held_on) FROM meeting_attendance AS a
JOIN meeting AS g ON g.id = a.meeting_id
WHERE a.status = 'present' AND g.held_on <= ?
  AND a.member_id IN (SELECT value FROM json_each(?))
GROUP BY a.member_id
"""
_FIRST_MEETING = "SELECT MIN(held_on) FROM meeting WHERE held_on <= ?"


class Reader:
    """The summary's queries on one connection, inside the transaction `reading` opened."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self.connection = connection

    def summary(self, year: int, today: str) -> RawSummary:
        """The year's rows as of `today` (ISO)."""
        run = self.connection.execute
        branch = run("SELECT name FROM branch ORDER BY id LIMIT 1").fetchone()
        items = run(_ITEMS, (year,)).fetchall()
        return RawSummary(
            branch=branch[0] if branch else "",
            items=items,
            steps=run(_STEPS, (today,)).fetchall(),
            checklists=run(_CHECKLISTS, (year,)).fetchall(),
            entries=run(_ENTRIES, (year,)).fetchall(),
            checks=run(_CHECKS, (year,)).fetchall(),
            stages=run(_STAGES).fetchall(),
            candidates=run(_CANDIDATES).fetchall(),
            plan_years=[] if items else [y for (y,) in run(_YEARS).fetchall()],
        )

    def meetings(self, year: int, today: str, since: str | None = None) -> RawMeetings:
        """The year's meetings and what the board's reminders need, as of `today` (ISO):
        with `since` (ISO), who attended a meeting from that day on, and the last meeting
        attended by the other members; without it, no attendance is read."""
        run = self.connection.execute
        first, last, after = f"{year:04d}-01-01", f"{year:04d}-12-31", f"{year + 1:04d}-01-01"
        (starts_on,) = run(_STARTS_ON, (year, first, last, first, after)).fetchone()
        (first_meeting,) = run(_FIRST_MEETING, (today,)).fetchone()
        party = run(_PARTY_MEMBERS).fetchall()
        recent: frozenset[int] = frozenset()
        last_present: dict[int, str] = {}
        if first_meeting and since is not None:
            recent = frozenset(member for (member,) in run(_PRESENT_SINCE, (since, today)))
            others = [row[0] for row in party if row[0] not in recent]
            if others:
                import json  # only when someone is listed

                last_present = dict(run(_LAST_PRESENT, (today, json.dumps(others))).fetchall())
        return RawMeetings(
            meetings=run(_MEETINGS, (first, last)).fetchall(),
            starts_on=starts_on,
            groups=sorted({row[5] for row in party if row[5]}),
            members=[(*row[:5], last_present.get(row[0])) for row in party],
            first_meeting=first_meeting,
            present_since=recent,
        )

    def open_steps_due_before(
        self, year: int, day: str, closed: Collection[str], limit: int | None
    ) -> list[tuple[int, int, str, str]]:
        """The first `limit` (all when None) open steps due before `day` (ISO) of the
        year's items whose status is not in `closed`, oldest due first:
        (item_id, step id, due, title)."""
        query = _LATE_STEPS.format(closed=", ".join("?" * len(closed)))
        if limit is not None:
            query += f" LIMIT {int(limit)}"
        return self.connection.execute(query, (year, day, *closed)).fetchall()

    def item_labels(self, ids: list[int]) -> dict[int, tuple[int, str, str | None]]:
        """Number, title and owner (member name or owner text) of the given items."""
        if not ids:
            return {}
        import json  # only when something is listed

        rows = self.connection.execute(_ITEM_LABELS, (json.dumps(ids),)).fetchall()
        return {item_id: (number, title, owner) for item_id, number, title, owner in rows}


@contextmanager
def reading(connection: sqlite3.Connection) -> Iterator[Reader]:
    """One read transaction: every query made through the reader sees the same state."""
    connection.execute("BEGIN")
    try:
        yield Reader(connection)
    finally:
        connection.execute("ROLLBACK")


__all__ = ["RawMeetings", "RawSummary", "Reader", "reading"]
